from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the software writes (logs, counts): staff read it, nobody edits it by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
