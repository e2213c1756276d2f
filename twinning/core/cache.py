"""Django's Redis cache with one Redis client per connection pool, made once.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache operation, and
redis-py's constructor copies its table of response callbacks each time: about a third of a millisecond of
CPU per ``cache.get``, several per page (sessions, rules, reference choices, facets). A ``redis.Redis`` is
safe to share between threads (each command takes a connection from the pool), so this backend keeps one
per pool. Used when ``REDIS_URL`` is set (``settings.CACHES``).
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import models


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient


def is_shared() -> bool:
    """Whether the default cache is one every process reads (Redis), not a copy per process.

    What may be kept for other requests only where a change made in one process is seen by all (a staff
    role revoked in one worker must not live on in another's memory)."""
    from django.core.cache import caches
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    return not isinstance(caches["default"], LocMemCache | DummyCache)


_MISSING = object()


def remembered(key: str, compute, seconds: int):
    """``compute()``, kept under ``key`` in the shared cache for ``seconds`` (any value, None included);
    computed on every call without a shared cache. The caller drops the key (``forget``) on every write."""
    if not is_shared():
        return compute()
    from django.core.cache import cache

    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def forget(*keys: str) -> None:
    """Drop ``keys`` now, and again once the transaction commits: a request that read the old value in between
    must not keep it for the next pages."""
    from django.core.cache import cache
    from django.db import transaction

    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class DropsCachedOnBulkWrite(models.QuerySet):
    """A queryset whose bulk writes drop what is cached per owner, as the model's save/delete signals do.

    ``cache_owner`` names the field whose values key the cached entries (a staff role's ``user``, an approval's
    ``country``); ``drop_cached(owner ids)`` drops them (``forget``). ``update()`` drops the owners of the rows
    it changes, and the new owner when it moves rows to another; ``bulk_create()`` the owners of the new rows.
    """

    cache_owner = ""

    def drop_cached(self, owner_ids: set) -> None:
        raise NotImplementedError

    def update(self, **kwargs):
        column = self.model._meta.get_field(self.cache_owner).attname
        owners = set(self.values_list(column, flat=True).distinct())
        for name in (self.cache_owner, column):
            if name in kwargs:
                owners.add(getattr(kwargs[name], "pk", kwargs[name]))
        updated = super().update(**kwargs)
        self.drop_cached(owners - {None})
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        column = self.model._meta.get_field(self.cache_owner).attname
        created = super().bulk_create(objs, *args, **kwargs)
        self.drop_cached({getattr(obj, column) for obj in created} - {None})
        return created
