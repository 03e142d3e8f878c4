"""Request bodies above REQUEST_BODY_MAX_KB are refused before anything reads them.

DATA_UPLOAD_MAX_MEMORY_SIZE does not count the file parts of a multipart body, which
Django would parse to disk whatever their size (no page of the product takes a file).
The proxy in front should refuse earlier still (nginx: client_max_body_size).
"""

from django.conf import settings
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body it cannot measure
        if length > settings.REQUEST_BODY_MAX_KB * 1024:
            response = render(request, "413.html", {"max_kb": settings.REQUEST_BODY_MAX_KB},
                              status=413)
            response["Connection"] = "close"  # do not read the rest of what was sent
            return response
        return self.get_response(request)
