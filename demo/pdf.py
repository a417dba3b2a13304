"""A PDF of a demo document, drawn at load time: Vietnamese text a reader can copy
and the search index can read (documents/uploads.py extracts it at upload).

Noto Sans (fontpkg-noto-sans) carries every Vietnamese letter; fpdf2 embeds
the glyphs used, so a page is about 20 KB.
"""

import fontpkg_noto_sans
from fpdf import FPDF

FONT = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"


def document_pdf(organisation, heading, place_date, summary, paragraphs, signer_lines):
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.add_page()
    pdf.add_font("Noto", "", str(FONT))
    pdf.set_font("Noto", size=11)
    pdf.cell(0, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, organisation.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, place_date, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Noto", size=15)
    pdf.multi_cell(0, 8, heading.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=12)
    pdf.multi_cell(
        0, 7, summary[:1].upper() + summary[1:], align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    pdf.set_font("Noto", size=12)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(6)
    for line in signer_lines:
        pdf.cell(0, 6, line, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
