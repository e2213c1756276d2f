from django.urls import path

from . import views

# Outside the language prefix: a file's address is the same in every language (rich text stores it).
file_patterns = (
    [
        path("files/<int:attachment_id>/", views.attachment_file, name="attachment"),
        path("files/<int:attachment_id>/<str:name>", views.attachment_file, name="attachment_named"),
    ],
    "files",
)

# Inside the language prefix: the answer (an error message) is in the person's language.
upload_patterns = (
    [path("files/upload/<str:host>/<int:host_id>/", views.attachment_upload, name="upload")],
    "uploads",
)

# Inside the language prefix: a person's long job and its progress (core.jobs).
job_patterns = ([path("jobs/<int:job_id>/", views.job_page, name="job")], "jobs")
