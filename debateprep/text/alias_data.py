"""Built-in aliases for the topic (US immigration enforcement): shown and used in every library.

Each pair is (short form, long form); the learned and the user's aliases add to these, and the
user may remove one (stored in the database as origin 'removed').
"""

from __future__ import annotations

from .acronyms import Alias

BUILT_IN: tuple[Alias, ...] = (
    Alias("DHS", "Department of Homeland Security"),
    Alias("DOJ", "Department of Justice"),
    Alias("ICE", "Immigration and Customs Enforcement"),
    Alias("CBP", "Customs and Border Protection"),
    Alias("USCIS", "Citizenship and Immigration Services"),
    Alias("INA", "Immigration and Nationality Act"),
    Alias("8 U.S.C.", "Title 8 of the United States Code"),
    Alias("JAG", "Justice Assistance Grant"),
)
