"""Bundle limits before parsing: a crafted workbook of 300,000 rows is refused in seconds
and without the memory the workbook reader would take; rows, cells, unpacked size and the
time budget each refuse with a Japanese problem located at the file or sheet."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from netsupport import bundle_limits
from netsupport.bundle import write_bundle
from netsupport.bundle_limits import Limits
from netsupport.bundle_read import parse_bundle
from netsupport.demo import generate
from netsupport.ui.pages.data import check_upload

CRAFTED_ROWS = 300_000
HEADERS = {"agencies": ("agency_id", "name", "kind"),
           "households": ("household_id", "ward", "note"),
           "people": ("person_id", "relation"), "ties": ("source_id", "target_id", "kind"),
           "events": ("event_id", "household_id", "date", "type")}


def _cells(values) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)


def _noise(n: int) -> str:
    return f"{n * 2654435761 % 2**32:08x}"


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> Path:
    return crafted_workbook(tmp_path_factory.mktemp("crafted") / "crafted.xlsx")


def crafted_workbook(path: Path, rows: int = CRAFTED_ROWS, filler: bytes = b"") -> Path:
    """A minimal .xlsx whose households sheet holds ``rows`` rows of distinct ids: deflate
    packs the repeated XML so tightly that 300,000 rows make about 2.5 MB."""
    sheets = list(HEADERS)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/>' + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)) + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets>' + "".join(
                f'<sheet name="{s}" sheetId="{i}" r:id="rId{i}"/>'
                for i, s in enumerate(sheets, 1)) + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
            + "</Relationships>"))
        for i, sheet in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w") as out:
                out.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                          b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                out.write(f"<row>{_cells(HEADERS[sheet])}</row>".encode())
                if sheet == "households":
                    for start in range(0, rows, 1000):
                        out.write("".join(
                            f"<row>{_cells((f'H-{n:07d}', '北区', _noise(n)))}</row>"
                            for n in range(start, min(rows, start + 1000))).encode())
                out.write(b"</sheetData>" + filler + b"</worksheet>")
    return path


def test_a_crafted_workbook_of_300000_rows_is_refused_fast_and_small(crafted):
    path = crafted
    size_mb = path.stat().st_size / 2**20
    assert 1 < size_mb < 4
    # in a fresh interpreter, to read its peak memory (VmHWM) against its size before
    child = subprocess.run([sys.executable, "-c", f"""
import json, time
from pathlib import Path
from netsupport.bundle_read import parse_bundle
def vm(key):
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key))
before = vm("VmRSS:")
start = time.monotonic()
bundle, origin, problems = parse_bundle(Path({str(path)!r}))
took = time.monotonic() - start
print(json.dumps({{"seconds": took, "extra_mb": (vm("VmHWM:") - before) / 1024,
                  "problems": [[p.file, p.row, p.message] for p in problems],
                  "households": len(bundle.households)}}))
"""], capture_output=True, text=True, timeout=300)
    assert child.returncode == 0, child.stderr
    got = json.loads(child.stdout)
    print(f"crafted {size_mb:.1f} MB xlsx, {CRAFTED_ROWS:,} rows: refused in "
          f"{got['seconds']:.2f} s, +{got['extra_mb']:.0f} MB")
    assert got["seconds"] <= 5 and got["extra_mb"] <= 300
    assert got["households"] == 0
    [(where, row, message)] = got["problems"]
    assert where == "households" and row is None
    assert message.startswith("1 つのファイル（シート）は 200,000 行までです")


def test_the_app_upload_refuses_it_too(crafted):
    data = crafted.read_bytes()
    start = time.monotonic()
    check = check_upload([("crafted.xlsx", data)])
    assert time.monotonic() - start <= 5
    assert check.bundle is None
    assert any("200,000 行まで" in p.message and p.file == "households"
               for p in check.problems)


def test_cells_unpacked_size_and_csv_rows_are_bounded(tmp_path):
    path = crafted_workbook(tmp_path / "small.xlsx", rows=3000)
    [cells] = parse_bundle(path, Limits(max_cells=5000))[2]
    assert cells.file == "households" and "セルが" in cells.message
    padded = crafted_workbook(tmp_path / "padded.xlsx", rows=0, filler=b" " * 3 * 2**20)
    assert padded.stat().st_size < 200_000
    [size] = parse_bundle(padded, Limits(max_unpacked=2 * 2**20))[2]
    assert (size.file, size.row) == ("padded.xlsx", None) and "展開すると" in size.message

    folder = tmp_path / "csv"
    write_bundle(generate(30, seed=2), folder)
    problems = parse_bundle(folder, Limits(max_rows=50))[2]
    assert {p.file for p in problems} >= {"people.csv", "ties.csv"}
    assert all("50 行まで" in p.message for p in problems)


def test_the_time_budget_stops_a_slow_read_at_a_located_row(tmp_path):
    folder = tmp_path / "csv"
    write_bundle(generate(400, seed=2), folder)
    bundle, _, problems = parse_bundle(folder, Limits(max_seconds=0))
    [late] = problems
    assert late.row == 1000 and "秒を超えた" in late.message
    assert bundle.households == []


def test_a_real_city_reads_within_the_limits(tmp_path):
    bundle = generate(100, seed=5)
    write_bundle(bundle, tmp_path / "city.xlsx")
    read, _, problems = parse_bundle(tmp_path / "city.xlsx")
    assert [p for p in problems if not p.warning] == []
    assert len(read.households) == 100
    assert bundle_limits.limits().max_rows == 200_000


def test_the_limits_hold_for_uploaded_bytes_and_open_files_too(crafted):
    """parse_bundle's other sources (name -> bytes, an open workbook) are measured the same."""
    import io

    data = crafted.read_bytes()
    for source in ({"crafted.xlsx": data}, io.BytesIO(data)):
        start = time.monotonic()
        bundle, _, problems = parse_bundle(source)
        assert time.monotonic() - start <= 5 and bundle.households == []
        assert [p.file for p in problems] == ["households"]
        assert "200,000 行まで" in problems[0].message
