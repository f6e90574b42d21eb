"""The figures upload form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class FiguresUploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "txt"], _l("A CSV file (.csv).")),
    ])
