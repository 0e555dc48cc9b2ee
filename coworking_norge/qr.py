"""QR codes of the portal's own addresses (a ticket, a network pass) as SVG, fit to put inline
in a page or to stand alone. Medium error correction survives a scuffed or glare-lit screen; the
quiet zone of four modules is what the standard asks for, and dark on white is what every reader
expects."""

import io

import segno

QR_ERROR = "m"
QR_BORDER = 4
QR_SCALE = 6


def qr_svg(url: str, *, title: str, css_class: str) -> str:
    """The QR code of `url`, an image named `title` for screen readers."""
    qr = segno.make_qr(url, error=QR_ERROR, boost_error=False)
    buffer = io.BytesIO()
    qr.save(
        buffer,
        kind="svg",
        scale=QR_SCALE,
        border=QR_BORDER,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title=title,
        svgclass=css_class,
        omitsize=True,
        lineclass=None,
    )
    return buffer.getvalue().decode().replace("<svg ", '<svg role="img" ', 1)
