"""Moving in from Moodle: a course backup (``.mbz``) read and brought into a cycle.

- ``archive``: the archive opened and checked (tar.gz or zip; size, unsafe paths, links, number of files and
  unpacked size against archive bombs) and unpacked to a temporary folder;
- ``parse``: the backup read into plain dataclasses (sections, activities, question bank, files) with what
  cannot be brought along and why; XML through ``defusedxml``;
- ``mapping``: what the backup becomes in the platform (modules, activities, questions, files), the preview;
- ``services``: the import itself, in one transaction, and the background job ``learning.moodle_import``.
"""
