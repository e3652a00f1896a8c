"""What every app's pages, forms, API and admin are built on, beside the scoping mechanism
they apply (``areas.scoping``): ``views`` (scoped pages, lists with their .xlsx export, create /
edit / deactivate, spreadsheet imports), ``forms`` (scoped choice lists, service errors at their
fields, the one date and time widget), ``api`` and ``drf`` (viewsets, related fields, the
model's rules, role permissions, paging), ``admin``, ``xlsx`` (the one writer), ``sheets``
(reading uploads, the one import result), ``columns`` (a list's columns, shared with its
export), ``history`` (a row's change history for its page) and ``sorting`` (Vietnamese
alphabetical order: the key and the stored column the database orders by)."""
