"""The request pipeline: every WSGI layer and Flask hook a request passes, declared in order in
`blog.web.stack`. The other modules are the pieces it puts in place (request ids and the access
log, security headers, proxies, static files, compression, conditional requests, error pages,
template helpers, health). Nothing here imports a domain package."""
