"""The terms' notes visitors read in their language (core/translated_text.py)."""

from modeltranslation.translator import TranslationOptions, register

from process.models import Chairmanship, Membership, SteeringCommitteeSeat


@register(Membership)
@register(SteeringCommitteeSeat)
@register(Chairmanship)
class TermTranslation(TranslationOptions):
    fields = ["note"]
