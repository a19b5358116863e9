"""WordPress eXtended RSS: read (reader), convert (wordpress_content), import (importer)
and write (writer)."""
