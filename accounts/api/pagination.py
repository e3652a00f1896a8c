from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """50 rows a page; clients on a slow link may ask for fewer (``page_size``), up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
