"""The desktop window: a thin PySide6 layer over the library facade."""
