"""Text to safe HTML and what stands around it: Markdown (markdown.py), the sanitiser
(sanitize.py, the only module that imports bleach), slugs (slugs.py) and the demo site
(demo.py with demo_content/)."""
