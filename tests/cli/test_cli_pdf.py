"""`debateprep import file.pdf` as a user runs it: imported with its pages, scans refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.test_cli import run

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def test_import_a_pdf_and_list_it_with_its_pages(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    pdf = Path(shutil.copyfile(FIXTURES / "two_column.pdf", tmp_path / "file.pdf"))
    result = run(library, "import", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "file.pdf: imported as “Interior Enforcement and Local Cooperation”" in result.stdout
    assert result.stderr == ""  # pdfminer's warnings stay out of the terminal
    sources = json.loads(run(library, "sources", "--json").stdout)
    found = next(s for s in sources if s["origin"] == "file.pdf")
    assert found["author"] == "Maria Alvarez"
    assert found["page_labels"] == ["1", "2"]


def test_import_refuses_a_scan_in_one_line(tmp_path: Path) -> None:
    scan = Path(shutil.copyfile(FIXTURES / "scanned.pdf", tmp_path / "scan.pdf"))
    result = run(tmp_path / "lib", "import", str(scan))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "scan.pdf has no text layer (a scan?); run OCR first" in result.stderr


def test_import_help_names_pdf(tmp_path: Path) -> None:
    result = run(tmp_path / "lib", "import", "--help")
    assert result.returncode == 0 and ".pdf" in result.stdout
