from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cfp.models import Answer, CfpSettings, Question, Submission
from common.forms import DateTimeInput, formfield_https
from conference.models import Conference

QUESTION_PREFIX = "question_"


def question_field(question: Question) -> forms.Field:
    common = {"label": question.text, "help_text": question.help_text, "required": question.required}
    choices = [(option, option) for option in question.options]
    match question.kind:
        case Question.Kind.LONG_TEXT:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)
        case Question.Kind.CHOICE:
            return forms.ChoiceField(choices=[("", "—"), *choices], **common)
        case Question.Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        case Question.Kind.URL:
            return forms.URLField(assume_scheme="https", **common)
        case Question.Kind.BOOLEAN:
            return forms.BooleanField(**common)
        case _:
            return forms.CharField(max_length=500, **common)


class SubmissionForm(forms.ModelForm):
    """The speaker's form. Custom questions become `question_<id>` fields after the model fields."""

    code_of_conduct = forms.BooleanField(label=_("I accept the code of conduct"), required=False)
    late_code = forms.CharField(
        label=_("Late-submission code"),
        required=False,
        max_length=32,
        help_text=_("Only if the organisers gave you one."),
    )

    class Meta:
        formfield_callback = formfield_https
        model = Submission
        fields = [
            "title",
            "abstract",
            "description",
            "submission_type",
            "track",
            "level",
            "language",
            "video_url",
            "slides_url",
            "is_first_time_speaker",
            "notes",
        ]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 6}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args,
        conference: Conference,
        questions: list[Question],
        cfp_settings: CfpSettings,
        cfp_open: bool = True,
        submitting: bool = False,
        speaker=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.submitting = submitting
        self.questions = questions
        self.code_of_conduct_text = cfp_settings.code_of_conduct
        self.fields["submission_type"].queryset = conference.submission_types.all()
        self.fields["track"].queryset = conference.tracks.all()
        self.fields["level"].queryset = conference.levels.all()
        if not cfp_settings.code_of_conduct:
            del self.fields["code_of_conduct"]
        elif self.instance.code_of_conduct_accepted_at:
            self.initial["code_of_conduct"] = True  # accepted once, it stays accepted on edit
        if not self.instance.pk and speaker is not None:
            profile = getattr(speaker, "speaker_profile", None)
            self.initial.setdefault("is_first_time_speaker", bool(profile and profile.is_first_time_speaker))
        if cfp_open:
            del self.fields["late_code"]
        answers = self._existing_answers()
        for question in questions:
            field = question_field(question)
            # A draft may be saved with questions unanswered; submitting checks required ones.
            if field.required:
                field.required = False
                field.help_text = " ".join(filter(None, [str(_("Required to submit.")), field.help_text]))
            name = f"{QUESTION_PREFIX}{question.pk}"
            self.fields[name] = field
            if question.pk in answers:
                self.initial[name] = answers[question.pk]

    def clean(self):
        cleaned = super().clean()
        # The service refuses a submission without it too, but only once the rest is valid: asked
        # here, the speaker sees it with every other error in the first round.
        if (
            self.submitting
            and "code_of_conduct" in self.fields
            and not cleaned.get("code_of_conduct")
            and not self.instance.code_of_conduct_accepted_at
        ):
            self.add_error("code_of_conduct", _("Please accept the code of conduct to submit."))
        return cleaned

    def _existing_answers(self) -> dict[int, Any]:
        if not self.instance.pk:
            return {}
        return {answer.question_id: answer.value for answer in Answer.objects.filter(submission=self.instance)}

    def answers(self) -> dict[int, Any]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"{QUESTION_PREFIX}{question.pk}")
            if value not in (None, "", []) and not (question.kind == Question.Kind.BOOLEAN and value is False):
                result[question.pk] = value
        return result

    def submission_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def question_bound_fields(self):
        return [self[f"{QUESTION_PREFIX}{q.pk}"] for q in self.questions]


class InviteSpeakerForm(forms.Form):
    email = forms.EmailField(label=_("Co-speaker's e-mail address"))


class CfpSettingsForm(forms.ModelForm):
    class Meta:
        model = CfpSettings
        fields = ["max_submissions_per_speaker", "max_submissions_per_hour", "intro", "guidelines", "code_of_conduct"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in ("intro", "guidelines", "code_of_conduct")}


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "help_text",
            "kind",
            "target",
            "required",
            "tracks",
            "submission_types",
            "position",
            "is_active",
        ]
        widgets = {"tracks": forms.CheckboxSelectMultiple, "submission_types": forms.CheckboxSelectMultiple}

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].queryset = conference.tracks.all()
        self.fields["submission_types"].queryset = conference.submission_types.all()
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(self.instance.options)

    def clean(self):
        cleaned = super().clean()
        options = [line.strip() for line in cleaned.get("options_text", "").splitlines() if line.strip()]
        if cleaned.get("kind") in (Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE) and len(options) < 2:
            self.add_error("options_text", _("A choice question needs at least two choices."))
        cleaned["options"] = options
        return cleaned


class LateCodeForm(forms.Form):
    note = forms.CharField(label=_("For whom"), max_length=200, required=False)
    valid_until = forms.DateTimeField(label=_("Valid until"), widget=DateTimeInput())
    max_uses = forms.IntegerField(label=_("Uses allowed"), min_value=1, max_value=50, initial=1)


class SubmissionFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)
    submission_type = forms.ChoiceField(label=_("Format"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    first_time = forms.ChoiceField(
        label=_("First-time speaker"), required=False, choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["track"].choices = any_choice + [(t.slug, t.name) for t in conference.tracks.all()]
        self.fields["submission_type"].choices = any_choice + [
            (str(t.pk), t.name) for t in conference.submission_types.all()
        ]
        self.fields["level"].choices = any_choice + [(lvl.slug, lvl.name) for lvl in conference.levels.all()]
        self.fields["state"].choices = any_choice + [
            (value, label) for value, label in Submission.State.choices if value != Submission.State.DRAFT
        ]
