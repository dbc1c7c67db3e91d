from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from memorials.models import Memorial


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Where the public pages will be; for now the way to the API and the back office."""
    count = Memorial.objects.published().count()
    return render(request, "directory/home.html", {"memorial_count": count})
