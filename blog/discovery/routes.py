from blog.discovery import bp  # noqa: F401  (feeds, sitemap, search come with issue 6)
