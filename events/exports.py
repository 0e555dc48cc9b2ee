"""What the secretariat takes out of the admin for an event: the participant list as CSV, and
name badges to print (a PDF, A4, eight badges a page, to cut along the grey lines). DejaVu Sans is
embedded, as on the invoices, so that every name prints, æ, ø and å included."""

from collections.abc import Iterable

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from billing.pdf import FONT_DIR
from coworking_norge.csv_responses import csv_response, spreadsheet_safe, today_text
from events.models import Registration

FONT = "DejaVu"
# A4 in millimetres, two columns by four rows of badges 90 by 65 mm, centred on the page.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
COLUMNS, ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = 90, 65
PADDING = 6
GREEN = (29, 92, 75)
GREY = (90, 90, 90)
CUT_LINE = (190, 190, 190)
# A name on one line as large as it fits down to 16 pt; a long one on two lines, down to 12 pt.
ONE_LINE_SIZES = (24, 22, 20, 18, 16)
TWO_LINE_SIZES = (20, 18, 16, 14, 12)
NAME_TOP, NAME_GAP = 16, 1.5

STATUS_ORDER = Case(
    When(status=Registration.Status.CONFIRMED, then=Value(0)),
    When(status=Registration.Status.WAITLISTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def participants(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """By event, then the seated, the queue in order and the cancelled, each by name."""
    return (
        registrations.select_related("event", "order__organisation", "order__booked_by")
        .annotate(status_order=STATUS_ORDER)
        .order_by("event__starts_at", "event_id", "status_order", "position", "name", "pk")
    )


def participants_csv(registrations: QuerySet[Registration], name: str) -> HttpResponse:
    columns = [
        _("Event"),
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Booked by"),
        _("Status"),
        _("Place in the queue"),
        _("Checked in"),
    ]
    rows = (_row(registration) for registration in participants(registrations))
    return csv_response(f"{name}-{today_text()}", columns, rows)


def _row(registration: Registration) -> list:
    order = registration.order
    organisation = order.organisation.legal_name if order.organisation else ""
    checked_in = registration.checked_in_at
    return [
        spreadsheet_safe(registration.event.title),
        spreadsheet_safe(registration.name),
        spreadsheet_safe(registration.email),
        spreadsheet_safe(organisation),
        spreadsheet_safe(order.booked_by.name or order.booked_by.email),
        registration.get_status_display(),
        registration.position or "",
        _when(checked_in) if checked_in else "",
    ]


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def badges_pdf(registrations: Iterable[Registration]) -> bytes:
    """A badge for each registration given (the name, the organisation, the event)."""
    pdf = _BadgesPDF()
    for index, registration in enumerate(registrations):
        pdf.badge(index, registration)
    if pdf.page_no() == 0:
        pdf.add_page()
    return bytes(pdf.output())


def badge_registrations(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Those holding a seat, by event and name."""
    return (
        registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("event", "order__organisation")
        .order_by("event__starts_at", "event_id", "name", "pk")
    )


class _BadgesPDF(FPDF):
    def __init__(self):
        super().__init__(format="A4", unit="mm")
        self.set_auto_page_break(auto=False)
        self.set_margins(0, 0, 0)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_title(_("Name badges"))
        self.set_creator("Coworking Norge")

    def badge(self, index: int, registration: Registration) -> None:
        place = index % (COLUMNS * ROWS)
        if place == 0:
            self.add_page()
        left = (PAGE_WIDTH - COLUMNS * BADGE_WIDTH) / 2 + (place % COLUMNS) * BADGE_WIDTH
        top = (PAGE_HEIGHT - ROWS * BADGE_HEIGHT) / 2 + (place // COLUMNS) * BADGE_HEIGHT
        self.set_draw_color(*CUT_LINE)
        self.rect(left, top, BADGE_WIDTH, BADGE_HEIGHT)
        inner = BADGE_WIDTH - 2 * PADDING
        self._line(left, top + PADDING, inner, "Coworking Norge", size=9, colour=GREEN, bold=True)
        self._name(left, top + NAME_TOP, inner, registration.name)
        organisation = registration.order.organisation
        if organisation:
            self._line(
                left, self.get_y() + NAME_GAP, inner, organisation.legal_name, size=10, lines=2
            )
        bottom = top + BADGE_HEIGHT - PADDING - 8
        self._line(left, bottom, inner, registration.event.title, size=8, colour=GREY, lines=2)

    def _name(self, left: float, y: float, width: float, name: str) -> None:
        """The name as large as it fits on one line, else on two; cut short only if even two
        lines at the smallest size cannot hold it."""
        for lines, sizes in ((1, ONE_LINE_SIZES), (2, TWO_LINE_SIZES)):
            for size in sizes:
                if len(self._wrapped(name, size, width, bold=True)) <= lines:
                    self._line(left, y, width, name, size=size, bold=True, lines=lines)
                    return
        self._line(left, y, width, name, size=TWO_LINE_SIZES[-1], bold=True, lines=2)

    def _wrapped(self, text: str, size: float, width: float, *, bold: bool) -> list[str]:
        self.set_font(FONT, "B" if bold else "", size)
        return self.multi_cell(width, size * 0.45, text, dry_run=True, output="LINES")

    def _line(self, left, y, width, text, *, size, bold=False, colour=(0, 0, 0), lines=1):
        """Centred text in at most `lines` lines, cut short with an ellipsis if it is longer."""
        self.set_xy(left + PADDING, y)
        self.set_text_color(*colour)
        height = size * 0.45
        wrapped = self._wrapped(text, size, width, bold=bold)
        if len(wrapped) > lines:
            wrapped = [*wrapped[: lines - 1], self._shortened(wrapped[lines - 1], width)]
        for line in wrapped:
            self.set_x(left + PADDING)
            self.cell(width, height, line, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _shortened(self, line: str, width: float) -> str:
        while line and self.get_string_width(f"{line}…") > width:
            line = line[:-1]
        return f"{line.rstrip()}…"
