app_name = "wei"
urlpatterns: list = []
