from django.contrib import admin

from .models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo


@admin.register(MeetingType)
class MeetingTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    autocomplete_fields = ["organisation"]
    extra = 1


class ConclusionInline(admin.StackedInline):
    model = Conclusion
    extra = 1


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 1


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "meeting_type", "host_country", "status"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipantInline, ConclusionInline, PhotoInline]
