from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/reveal-phone/", views.reveal_phone, name="reveal_phone"),
]
