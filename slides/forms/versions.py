from django import forms
from django.utils.translation import gettext_lazy as _

from slides.models import Kind, SlideReview


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This version is"),
        choices=[(Kind.DRAFT, _("a draft, for the read-through")), (Kind.FINAL, _("the final deck I will present"))],
        widget=forms.RadioSelect,
        initial=Kind.DRAFT,
    )
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose your PDF file.")},
    )

    def __init__(self, *args, max_size_mb: int, max_pages: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF only, up to %(mb)s MB and %(pages)s pages.") % {
            "mb": max_size_mb,
            "pages": max_pages,
        }


class CommentForm(forms.Form):
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, help_text=_("Leave empty for a comment on the whole deck.")
    )
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, page_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].widget.attrs["max"] = page_count


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=SlideReview.Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the speaker"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
