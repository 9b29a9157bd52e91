"""The facade's user actions, grouped by what they act on; ``Library`` combines them."""
