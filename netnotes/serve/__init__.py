"""``netnotes serve``: the live local dashboard. A Starlette app run by uvicorn on 127.0.0.1,
behind a guard (session token, Host and Origin checks, CSP); its pages read the same queries
as the CLI's commands and render with the same Jinja environment; a watcher bumps a version
number that the page's one script polls; actions write through ``serve.actions`` (the same
edit path as the CLI). May import every layer below it (base ... watch), never the CLI.
"""
