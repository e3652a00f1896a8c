"""The review reports (sơ kết / tổng kết), read top-down: ``models`` (the report, its versions,
the awards conferred at it), ``drafting`` (the first draft), ``services`` (drafting, issuing,
conferring, the schedule), ``document`` (the document as data: header, sections I–V with II from
``results``, appendix, closing; worded by ``wording``, charted by ``charts``), ``rendering``
(HTML and PDF), ``jobs`` and ``tasks`` (the rendering job on Celery), and the pages
(``views``, ``forms``, ``filters``, ``urls``)."""
