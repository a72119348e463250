from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from bihuan.accounts.views import ThrottledLoginView
from bihuan.core.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="complaints:queue", permanent=False)),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("complaints/", include("bihuan.complaints.urls")),
    path("intake/", include("bihuan.intake.urls")),
    path("sla/", include("bihuan.routing.urls")),
    path("triage/", include("bihuan.triage.urls")),
    path("analytics/", include("bihuan.analytics.urls")),
    path("resolution/", include("bihuan.resolution.urls")),
    path("p/", include("bihuan.resolution.urls_public")),
    path("followup/", include("bihuan.followup.urls")),
    path("s/", include("bihuan.followup.urls_public")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
