"""Text to safe HTML and what stands around it: Markdown (markdown.py), the sanitiser
(sanitize.py, the only module that imports bleach) with its caps, links and paragraphs
(markup_limits.py, linkify.py, paragraphs.py), web addresses (web_address.py), slugs (slugs.py)
and the demo site (demo.py with demo_content/)."""
