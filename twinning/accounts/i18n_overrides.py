# ruff: noqa: E501 - the libraries' own strings, kept whole
"""Strings of django-allauth and Django's password validators that people see on the account pages.

They are listed here, never called, so that ``makemessages`` puts them in our Greek catalogue: our
catalogue comes first (``LOCALE_PATHS``), so these pages speak the glossary's Greek ("κωδικός
πρόσβασης", "σύνδεση", "e-mail") instead of the libraries' own translations, and the messages the
libraries added recently (Django 5.2's password-length message) are in Greek at all.
"""

from django.utils.translation import gettext_noop, ngettext


def _catalogue() -> None:  # pragma: no cover - read by makemessages, never run
    gettext_noop("This account is currently inactive.")
    gettext_noop("You cannot remove your primary email address.")
    gettext_noop("This email address is already associated with this account.")
    gettext_noop("The email address and/or password you specified are not correct.")
    gettext_noop("A user is already registered with this email address.")
    gettext_noop("Please type your current password.")
    gettext_noop("Incorrect code.")
    gettext_noop("Incorrect password.")
    gettext_noop("Invalid or expired key.")
    gettext_noop("Invalid login.")
    gettext_noop("The password reset token was invalid.")
    gettext_noop("You cannot add more than %d email addresses.")
    gettext_noop("Too many failed login attempts. Try again later.")
    gettext_noop("The email address is not assigned to any user account.")
    gettext_noop("Your primary email address must be verified.")
    gettext_noop("Please select only one.")
    gettext_noop("The new value must be different from the current one.")
    gettext_noop("Be patient, you are sending too many requests.")
    gettext_noop("Use your password")
    gettext_noop("Use authenticator app or code")
    gettext_noop("Email")
    gettext_noop("Email address")
    gettext_noop("Forgot your password?")
    gettext_noop("You must type the same password each time.")
    gettext_noop("Password")
    gettext_noop("Remember Me")
    gettext_noop("Login")
    gettext_noop("Email (again)")
    gettext_noop("Email address confirmation")
    gettext_noop("Email (optional)")
    gettext_noop("You must type the same email each time.")
    gettext_noop("Password (again)")
    gettext_noop("Current Password")
    gettext_noop("New Password")
    gettext_noop("New Password (again)")
    gettext_noop("Code")
    gettext_noop("You cannot add an email address to an account protected by two-factor authentication.")
    gettext_noop("You cannot deactivate two-factor authentication.")
    gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled.")
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address.")
    gettext_noop("Master key")
    gettext_noop("Backup key")
    gettext_noop("Key nr. {number}")
    gettext_noop("Recovery codes")
    gettext_noop("TOTP Authenticator")
    gettext_noop("WebAuthn")
    gettext_noop("Authenticator code")
    gettext_noop("Cancel")
    gettext_noop("Account Inactive")
    gettext_noop("This account is inactive.")
    gettext_noop("Confirm")
    gettext_noop("Confirm Access")
    gettext_noop("Please reauthenticate to safeguard your account.")
    gettext_noop("Alternative options")
    gettext_noop("Sign In")
    gettext_noop("Password Reset")
    gettext_noop("Email Addresses")
    gettext_noop("The following email addresses are associated with your account:")
    gettext_noop("Verified")
    gettext_noop("Unverified")
    gettext_noop("Primary")
    gettext_noop("Make Primary")
    gettext_noop("Re-send Verification")
    gettext_noop("Remove")
    gettext_noop("Add Email Address")
    gettext_noop("Add Email")
    gettext_noop("Do you really want to remove the selected email address?")
    gettext_noop("Change Email")
    gettext_noop("Confirm Email Address")
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    )
    gettext_noop("Unable to confirm %(email)s because it is already confirmed by a different account.")
    gettext_noop(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    )
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first.")
    gettext_noop("Sign Out")
    gettext_noop("Are you sure you want to sign out?")
    gettext_noop("You cannot remove your primary email address (%(email)s).")
    gettext_noop("Confirmation email sent to %(email)s.")
    gettext_noop("You have confirmed %(email)s.")
    gettext_noop("Removed email address %(email)s.")
    gettext_noop("Successfully signed in as %(name)s.")
    gettext_noop("You have signed out.")
    gettext_noop("Password successfully changed.")
    gettext_noop("Password successfully set.")
    gettext_noop("Primary email address set.")
    gettext_noop("Change Password")
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    )
    gettext_noop("Reset My Password")
    gettext_noop("Please contact us if you have any trouble resetting your password.")
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    )
    gettext_noop("Bad Token")
    gettext_noop(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    )
    gettext_noop("Your password is now changed.")
    gettext_noop("Set Password")
    gettext_noop("Enter your password:")
    gettext_noop("Signup")
    gettext_noop("Sign Up")
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s.")
    gettext_noop("Note")
    gettext_noop("You are already logged in as %(user_display)s.")
    gettext_noop("Warning:")
    gettext_noop(
        "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc."
    )
    gettext_noop("Verify Your Email Address")
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    )
    gettext_noop(
        "This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. "
    )
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes."
    )
    gettext_noop('<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.')
    gettext_noop("Messages:")
    gettext_noop("Menu:")
    gettext_noop("Account Connections")
    gettext_noop("Two-Factor Authentication")
    gettext_noop("Sessions")
    gettext_noop("Your account is protected by two-factor authentication. Please enter an authenticator code:")
    gettext_noop("Authenticator app activated.")
    gettext_noop("Authenticator app deactivated.")
    gettext_noop("Authenticator App")
    gettext_noop("Authentication using an authenticator app is active.")
    gettext_noop("An authenticator app is not active.")
    gettext_noop("Deactivate")
    gettext_noop("Activate")
    gettext_noop("Security Keys")
    gettext_noop("Manage")
    gettext_noop("Add")
    gettext_noop("Recovery Codes")
    ngettext(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
        1,
    )
    gettext_noop("No recovery codes set up.")
    gettext_noop("View")
    gettext_noop("Download")
    gettext_noop("Generate")
    gettext_noop("A new set of recovery codes has been generated.")
    gettext_noop("Save them  in a secure location now — they won't be shown again.")
    gettext_noop("Security key added.")
    gettext_noop("Security key removed.")
    gettext_noop("Enter an authenticator code:")
    gettext_noop("You are about to generate a new set of recovery codes for your account.")
    gettext_noop("This action will invalidate your existing codes.")
    gettext_noop("Are you sure?")
    gettext_noop("Unused codes")
    gettext_noop("Download codes")
    gettext_noop("Generate new codes")
    gettext_noop("I have saved my recovery codes")
    gettext_noop("Activate Authenticator App")
    gettext_noop(
        "To protect your account with two-factor authentication, scan the QR code below with your authenticator app. Then, input the verification code generated by the app below."
    )
    gettext_noop("Authenticator secret")
    gettext_noop("You can store this secret and use it to reinstall your authenticator app at a later time.")
    gettext_noop("Deactivate Authenticator App")
    gettext_noop("You are about to deactivate authenticator app based authentication. Are you sure?")
    gettext_noop("Started At")
    gettext_noop("IP Address")
    gettext_noop("Browser")
    gettext_noop("Last seen at")
    gettext_noop("Current")
    gettext_noop("Sign Out Other Sessions")
    gettext_noop("User Sessions")
    gettext_noop("session key")
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    )
    gettext_noop("The password is too similar to the %(verbose_name)s.")
    gettext_noop("Your password can’t be too similar to your other personal information.")
    gettext_noop("This password is too common.")
    gettext_noop("Your password can’t be a commonly used password.")
    gettext_noop("This password is entirely numeric.")
    gettext_noop("Your password can’t be entirely numeric.")
