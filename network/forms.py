"""The network's forms. No side effects: the views pass what they clean to network.services."""

from decimal import Decimal

from django import forms

from network.models import SurveyAnswer
from network.services.survey import ANSWER_FIELDS


class BandSelect(forms.RadioSelect):
    """Radio buttons whose error-summary link leads to the first button (Django's RadioSelect
    gives the group no id to link to)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class SurveyAnswerForm(forms.ModelForm):
    """A hub's figures for the survey's year; labels and help come from the model, so the form
    and the admin say the same. Whole numbers get the phone's number pad; the day-pass price one
    with a decimal separator, in a text field read in the page's language: a number field drops
    the comma a Norwegian keyboard types ("99,50" would arrive as 9950)."""

    class Meta:
        model = SurveyAnswer
        fields = ANSWER_FIELDS
        widgets = {"occupancy": BandSelect}
        localized_fields = ("day_pass_price",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ANSWER_FIELDS:
            if name not in ("occupancy", "day_pass_price"):
                self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        # A band is always chosen: no empty choice among the radio buttons.
        self.fields["occupancy"].choices = SurveyAnswer.Occupancy.choices
        self.fields["day_pass_price"].widget.attrs.update({"inputmode": "decimal"})
        price = self.initial.get("day_pass_price")
        if price is not None and price == price.to_integral_value():
            self.initial["day_pass_price"] = price.quantize(Decimal(1))  # "250", not "250.00"
