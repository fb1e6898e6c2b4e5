from django import forms

from .models import Photo
from .photos import process_photo


class PhotoForm(forms.ModelForm):
    """A gallery photo: the upload is validated, re-encoded and stripped of metadata.

    The model's ImageField fills `width` and `height` from the processed image.
    """

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "order"]
        # A plain file field: `process_photo` decodes the image itself and says precisely
        # why one is refused, where forms.ImageField has one message for every failure.
        field_classes = {"image": forms.FileField}

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return process_photo(image)
        return image
