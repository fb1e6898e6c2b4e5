from django import forms

from .models import Photo
from .photos import process_photo


class PhotoForm(forms.ModelForm):
    """A gallery photo: the upload is validated, re-encoded and stripped of metadata."""

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "order"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            processed, self.instance.width, self.instance.height = process_photo(image)
            return processed
        return image
