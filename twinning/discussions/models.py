"""The one discussion engine: forums → discussions → threads → posts, for every place people talk.

A forum belongs to a *host*: a group, a project's workspace, a course (``hosts.register_host``). The host
decides who may read, start a discussion, start a thread, reply and moderate; the engine never imports it.

Lists read only their own table: a discussion carries its number of threads and when its last post came,
a thread its number of posts and its last post's time and author, kept by the services in the same
transaction as the post. A person's last visit to a thread (``ThreadRead``) says what is new.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField

TITLE_MAX = 200


class Forum(models.Model):
    host = models.CharField(max_length=40)  # a registered host kind, e.g. "groups.group"
    host_id = models.BigIntegerField()
    title = models.CharField(_("title"), max_length=TITLE_MAX, blank=True)  # blank: "Forum" in the reader's language
    description = models.TextField(_("description"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["host", "host_id", "position"], name="forum_host_idx")]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.title or str(_("Forum"))


class Discussion(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="discussions")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    thread_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["forum", "-last_post_at"], name="discussion_forum_idx")]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    last_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["discussion", "-pinned", "-last_post_at", "-id"], name="thread_discussion_idx")]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Content imported from an archive (a TwinSpace's): the original author's name, shown instead of
    # ``author`` (the person who imported it, who answers for it here).
    author_name = models.CharField(max_length=150, blank=True)
    body = RichTextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)
    erased = models.BooleanField(default=False)  # the author's account was erased: the text is gone

    class Meta:
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="forum_post_thread_idx"),
            models.Index(fields=["author", "created_at"], name="forum_post_author_idx"),
        ]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"post {self.pk} in thread {self.thread_id}"


class ThreadRead(models.Model):
    """When a person last read a thread (what is new since)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="thread_read_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"
