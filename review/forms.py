from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateTimeInput
from conference.models import Conference
from review.models import Bid, ReviewPhase, ReviewSettings, ScoreCategory

SCORE_PREFIX = "score_"


class ReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = ReviewSettings
        fields = [
            "anonymous",
            "reviewers_per_submission",
            "restrict_to_assigned",
            "show_others_after_review",
            "discount_percent",
            "reminder_after_days",
        ]


class PhaseForm(forms.ModelForm):
    """Date-times are typed in the conference's time zone (the view activates it)."""

    class Meta:
        model = ReviewPhase
        fields = ["kind", "starts_at", "ends_at", "can_bid", "can_review"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ScoreCategory
        fields = ["name", "help_text", "min_score", "max_score", "weight", "track", "position"]

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = conference.tracks.all()
        self.fields["track"].empty_label = _("Every track")


class ReviewForm(forms.Form):
    """One radio group per score category (arrow keys move within a group, Tab to the next)."""

    comment = forms.CharField(
        label=_("Comment to the organisers"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    comment_to_speaker = forms.CharField(
        label=_("Comment to the speaker (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the decision e-mail, without your name."),
    )

    def __init__(self, *args, categories: list[ScoreCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        scores = {}
        for category in categories:
            name = f"{SCORE_PREFIX}{category.pk}"
            scores[name] = forms.TypedChoiceField(
                label=_("%(name)s (%(low)s–%(high)s)")
                % {"name": category.name, "low": category.min_score, "high": category.max_score},
                help_text=category.help_text,
                choices=[(value, str(value)) for value in category.values],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-choice"}),
                error_messages={"required": _("Please score %(name)s.") % {"name": category.name}},
            )
        # Scores first, comments after: the order a reviewer fills the form in.
        self.fields = scores | dict(self.fields)

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"{SCORE_PREFIX}{c.pk}"] for c in self.categories}

    @staticmethod
    def initial_from(review) -> dict:
        if review is None:
            return {}
        initial = {f"{SCORE_PREFIX}{score.category_id}": score.value for score in review.scores.all()}
        return initial | {"comment": review.comment, "comment_to_speaker": review.comment_to_speaker}


class BidForm(forms.Form):
    level = forms.ChoiceField(label=_("Your bid"), choices=Bid.Level.choices, widget=forms.RadioSelect)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Why (only the organisers see this)"), required=False, max_length=300)


class ClarificationForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the speakers"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The speakers see the question, not who asked it."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AssignmentAddForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Add a reviewer"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
