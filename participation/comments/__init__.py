"""One comment engine for every commentable thing: stance, threads, endorsements, flags, official
responses (tanggapan), notifications.

Knows nothing of drafts or musrenbang: a commentable thing owns a ``CommentTarget`` row through a
real foreign key and asks this package to attach comments to it.
"""
