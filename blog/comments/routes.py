from blog.comments import bp  # noqa: F401  (routes come with the comments issue)
