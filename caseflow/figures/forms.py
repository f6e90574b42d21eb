"""The figures upload form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired

from caseflow.forms_support import Form


class FiguresUploadForm(Form):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "txt"], _l("A CSV file (.csv).")),
    ])
