"""Posting the admin's own forms back, as a browser would."""


def change_form_data(response, **changes) -> dict:
    """What the admin's change page posts back as it is shown, with `changes` on top."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif value not in (None, False):
            data[name] = "on" if value is True else str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(key): value for key, value in management.initial.items()}
        )
        for subform in inline.formset.initial_forms:
            for name in subform.fields:
                value = subform[name].value()
                if value not in (None, False, ""):
                    data[subform.add_prefix(name)] = str(value)
    data.update(changes)
    return data
