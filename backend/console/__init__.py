"""The operator's console, at ``/console`` on the server's own port: the race office runs the
day's races and the supervision team watches the fleet, from a web browser.

Pages are rendered on the server (Jinja2 templates, ``templates/``) and every form is a plain
HTML form, so the console works without JavaScript; a few lines of it (``static/console.js``)
only refresh the live parts (pools and odds, the fleet) every two seconds, which without it a
``<noscript>`` refresh does every five. Every text comes from the message catalogue
(``catalogue``), in French or English.

Who may do what is ``backend.operators``; sessions and their CSRF tokens ``backend.sessions``;
the checks every request passes ``guard``. Errors are the server's own tree
(``backend.errors``): ``Forbidden`` (a role, a CSRF token, another site) is added for the
console; a page answers each with the catalogue's sentence and its HTTP status, never a
traceback, and an action that failed shows its page again with why.
"""
