"""Reports of posts, messages and profiles, and the NSO's moderation decisions (hide, warn, suspend)."""
