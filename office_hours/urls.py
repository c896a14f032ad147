from django.urls import path

from office_hours import mentor_views, views

app_name = "office_hours"
urlpatterns = [
    path("office-hours/feeds/<str:token>.ics", mentor_views.feed, name="mentor-feed"),
    path("<slug:slug>/office-hours/", views.slot_list, name="slots"),
    path("<slug:slug>/office-hours/mine/", views.my_bookings, name="mine"),
    path("<slug:slug>/office-hours/slots/<str:code>/", views.slot_book, name="book"),
    path("<slug:slug>/office-hours/bookings/<str:code>/", views.booking_detail, name="booking"),
    path("<slug:slug>/office-hours/bookings/<str:code>/calendar.ics", views.booking_calendar, name="booking-ics"),
    path("<slug:slug>/office-hours/bookings/<str:code>/cancel/", views.booking_cancel_view, name="cancel"),
    path("<slug:slug>/office-hours/bookings/<str:code>/move/", views.booking_reschedule_view, name="reschedule"),
    path("<slug:slug>/office-hours/bookings/<str:code>/feedback/", views.booking_feedback_view, name="feedback"),
    path("<slug:slug>/office-hours/bookings/<str:code>/recording/", views.booking_recording_view, name="recording"),
    path("<slug:slug>/mentoring/", mentor_views.mentor_home, name="mentor-home"),
    path("<slug:slug>/mentoring/slots/new/", mentor_views.slot_new, name="slot-new"),
    path("<slug:slug>/mentoring/slots/<str:code>/cancel/", mentor_views.slot_cancel_view, name="slot-cancel"),
    path("<slug:slug>/mentoring/bookings/<str:code>/", mentor_views.mentor_booking, name="mentor-booking"),
    path(
        "<slug:slug>/mentoring/bookings/<str:code>/proposal/", mentor_views.shared_submission, name="shared-submission"
    ),
    path("<slug:slug>/mentoring/feed/revoke/", mentor_views.feed_revoke, name="feed-revoke"),
]
