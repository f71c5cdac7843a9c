"""Sign in and sign out: Django's auth views with their access declared."""

from django.contrib.auth import views as auth_views

from fangfanpin.areas.forms import LoginForm
from fangfanpin.core.access import access

login = access(public=True)(
    auth_views.LoginView.as_view(
        template_name="areas/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
# Public so that signing out twice (an expired session) still lands on the login page, not a 403.
logout = access(public=True)(auth_views.LogoutView.as_view())
