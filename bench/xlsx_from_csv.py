"""Turn a big CSV into an XLSX quickly (streamed), to benchmark XLSX imports and reads at 1 M rows.

openpyxl would take many minutes to write 100 million cells; this writes the sheet XML directly.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>'
)
_SST_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def convert(src: Path, dst: Path, *, excel_style: bool = False) -> None:
    """Write the CSV as one sheet. By default the streamed way: inline strings, rows and cells without numbers,
    empty cells written. With `excel_style`, as Excel writes a file: shared strings, numbered rows and cells,
    empty cells left out.
    """
    strings: dict[str, int] = {}
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.replace("</Relationships>", _SST_REL) if excel_style else _WORKBOOK_RELS,
        )
        if excel_style:
            z.writestr("xl/styles.xml", _STYLES)
        with (
            z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out,
            src.open(encoding="utf-8-sig") as f,
        ):
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            for number, cells in enumerate(csv.reader(f), start=1):
                if excel_style:
                    row = "".join(
                        f'<c r="{_column(i)}{number}" t="s"><v>{strings.setdefault(c, len(strings))}</v></c>'
                        for i, c in enumerate(cells)
                        if c
                    )
                    out.write(f'<row r="{number}">{row}</row>'.encode())
                else:
                    row = "".join(
                        f'<c t="inlineStr"><is><t>{escape(c)}</t></is></c>' if c else "<c/>" for c in cells
                    )
                    out.write(f"<row>{row}</row>".encode())
            out.write(b"</sheetData></worksheet>")
        if excel_style:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(
                    f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                    f'spreadsheetml/2006/main" uniqueCount="{len(strings)}">'.encode()
                )
                for text in strings:
                    out.write(f"<si><t>{escape(text)}</t></si>".encode())
                out.write(b"</sst>")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
