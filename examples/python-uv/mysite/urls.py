"""One page, the same answer every time."""

from django.http import HttpResponse
from django.urls import path


def index(request):
    return HttpResponse("hello from Django, installed by uv\n", content_type="text/plain")


def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("", index), path("healthz", healthz)]
