from django.urls import path

from review import views

app_name = "reviewing"
urlpatterns = [
    path("<slug:slug>/reviewing/", views.dashboard, name="home"),
    path("<slug:slug>/reviewing/bids/", views.bidding, name="bids"),
    path("<slug:slug>/reviewing/bids/<str:code>/", views.bid, name="bid"),
    path("<slug:slug>/reviewing/conflicts/<str:code>/", views.conflict, name="conflict"),
    path("<slug:slug>/reviewing/<str:code>/", views.submission_review, name="submission"),
    path("<slug:slug>/reviewing/<str:code>/ask/", views.ask, name="ask"),
]
