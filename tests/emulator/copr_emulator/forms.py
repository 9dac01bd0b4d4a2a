# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The frontend's forms (WTForms), one function per form: project add, edit and fork, chroot edit.

A body arrives as the multi-dict of ``api.form_data`` (``{key: [values]}``). Fields are processed in the real
form's field order (WTForms orders fields by creation, so fields a subclass redefines come last); errors are
``{field: [messages]}`` in that order and ``InvalidForm`` renders them as ``"<field>: <message>"`` lines joined
by ``\\n`` (copr-api-v3.md §1, §7, §13.3).
"""

import re
from urllib.parse import urlparse

from .api import bad_request, form_data, input_dict, server_error

FALSE_VALUES = (False, "false", "")
REQUIRED = "This field is required."
NOT_A_CHOICE = "Not a valid choice."
NOT_AN_INTEGER = "Not a valid integer value."
URL_LIST = ("A list of http[s] URLs separated by whitespace characters is needed ('{0}' doesn't seem to be a "
            "valid URL).")
SRPM_LIST = "URLs must end with .src.rpm, .nosrc.rpm, or .spec ('{0}' doesn't seem to be a valid URL)."
NAME_CHARACTERS = "Name must contain only letters, digits, underscores, dashes and dots."
NAME_NUMBER = "Project's name can not be just number."
BOOTSTRAP_CHOICES = ("default", "off", "on", "image")
ISOLATION_CHOICES = ("default", "nspawn", "simple")
CHROOT_BOOTSTRAP_CHOICES = ("unchanged",) + BOOTSTRAP_CHOICES + ("custom_image",)
CHROOT_ISOLATION_CHOICES = ("unchanged",) + ISOLATION_CHOICES


def errors_message(errors):
    lines = []
    for field, messages in errors.items():
        for message in messages:
            lines.append("{0}: {1}".format(field, message))
    return "\n".join(lines)


def invalid_form(errors):
    return bad_request(errors_message(errors))


# ------------------------------------------------------------------------------------------ field kinds
class Form:
    """Collects processed values and errors field by field, in order."""

    def __init__(self, data):
        self.data = data
        self.values = {}
        self.errors = {}

    def present(self, key):
        return key in self.data

    def raw(self, key):
        return self.data.get(key, [])

    def error(self, field, message):
        self.errors.setdefault(field, []).append(message)

    # -- plain kinds
    def boolean(self, field):
        """BooleanField(false_values=FALSE_VALUES): no value is False; any value but false/0/"false"/"" is True."""
        raw = self.raw(field)
        value = False
        if raw:
            first = raw[0]
            if isinstance(first, (dict, list)):
                raise server_error()  # unhashable in the real ``in false_values`` test
            value = first not in FALSE_VALUES
        self.values[field] = value
        return value

    def string(self, field, strip=False, default=None):
        raw = self.raw(field)
        value = raw[0] if raw else default
        if isinstance(value, (dict, list)):
            raise server_error()
        if strip and isinstance(value, str):
            value = value.strip()
        self.values[field] = value
        return value

    def integer(self, field, minimum=None, maximum=None, default=None):
        """IntegerField + Optional + NumberRange."""
        raw = self.raw(field)
        if not raw:
            self.values[field] = default
            return default
        first = raw[0]
        errors = []
        value = None
        if isinstance(first, (dict, list)):
            raise server_error()
        try:
            value = int(first)
        except (ValueError, OverflowError):
            errors.append(NOT_AN_INTEGER)
        if isinstance(first, str) and not first.strip():
            self.values[field] = None  # Optional: stops the chain and clears the errors
            return None
        if minimum is not None or maximum is not None:
            if value is None or (minimum is not None and value < minimum) or \
                    (maximum is not None and value > maximum):
                if maximum is None:
                    errors.append("Number must be at least {}.".format(minimum))
                else:
                    errors.append("Number must be between {} and {}.".format(minimum, maximum))
        for message in errors:
            self.error(field, message)
        self.values[field] = value
        return value

    def select(self, field, choices):
        """SelectField(coerce=str) + NoneFilter + Optional."""
        raw = self.raw(field)
        if not raw:
            self.values[field] = None
            return None
        first = raw[0]
        if isinstance(first, (dict, list)):
            raise server_error()
        value = str(first)
        if value == "None":
            value = None
        if isinstance(first, str) and not first.strip():
            self.values[field] = value  # Optional: "" passes and is kept
            return value
        if value not in choices:
            self.error(field, NOT_A_CHOICE)
        self.values[field] = value
        return value

    def url_list(self, field, copr_lookup=None):
        """TextAreaField + StringListFilter + UrlRepoListValidator (copr_lookup given) or UrlListValidator."""
        raw = self.raw(field)
        value = raw[0] if raw else None
        items = _string_list(value)
        for item in items:
            message = _check_repo_url(item, copr_lookup)
            if message:
                self.error(field, message)
                break
        self.values[field] = items
        return items


def _string_list(value):
    if not value:
        return []
    if not isinstance(value, str):
        raise server_error()
    return value.split()


def _check_repo_url(item, copr_lookup):
    parsed = urlparse(item)
    schemes = ("http", "https", "copr") if copr_lookup is not None else None
    if schemes is None:
        ok = parsed.scheme.startswith("http") and bool(parsed.netloc)
        return None if ok else URL_LIST.format(item)
    if parsed.scheme not in schemes or not parsed.netloc:
        return URL_LIST.format(item)
    if parsed.scheme == "copr":
        parts = parsed.path.split("/")
        if len(parts) < 2 or parts[1] == "":
            return URL_LIST.format(item)
        if not copr_lookup(parsed.netloc, parts[1].split(":")[0]):
            return "{0} does not exist.".format(item)
    return None


# ------------------------------------------------------------------------------------------ URL / e-mail
_URL = re.compile(r"^[a-z]+://(?P<host>[^/?:]+)(?P<port>:[0-9]+)?(?P<path>/.*?)?(?P<query>\?.*)?$", re.IGNORECASE)
_HOST_PART = re.compile(r"^(xn-|[a-z0-9_]+)(-[a-z0-9_-]+)*$", re.IGNORECASE)
_TLD_PART = re.compile(r"^([a-z]{2,20}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)
_IPV4 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
_EMAIL = re.compile(r"^[^@\s]+@(?P<domain>[^@\s]+)$")


def _valid_hostname(host, require_tld=True):
    match = _IPV4.match(host)
    if match and all(0 <= int(part) <= 255 for part in match.groups()):
        return True
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if len(host) > 253:
        return False
    parts = host.split(".")
    for part in parts:
        if not part or len(part) > 63 or not _HOST_PART.match(part):
            return False
    if require_tld and (len(parts) < 2 or not _TLD_PART.match(parts[-1])):
        return False
    return True


def valid_url(value):
    """wtforms.validators.URL() (require_tld=True, allow_ip=True)."""
    match = _URL.match(value or "")
    return bool(match) and _valid_hostname(match.group("host"))


def valid_email(value):
    """An approximation of email_validator (no deliverability check): local@dotted.domain."""
    match = _EMAIL.match(value or "")
    if not match:
        return False
    local = value.rsplit("@", 1)[0]
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    return _valid_hostname(match.group("domain"), require_tld=True) and not _IPV4.match(match.group("domain"))


def _text_or_none(value):
    """EmptyStringToNone + strip (homepage, contact)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise server_error()
    if value.strip() == "":
        return None
    return value.strip()


def _strip_url_schemes(items):
    return [urlparse(item).netloc + urlparse(item).path for item in items]


# ------------------------------------------------------------------------------------------ project forms
def _chroot_values(form, active):
    """ChrootsField (SelectMultipleField of the active chroot names)."""
    values = [str(value) for value in form.raw("chroots")]
    form.values["chroots"] = values
    if values:
        bad = []
        for value in values:
            if value not in active and value not in bad:
                bad.append(value)
        if bad:
            if len(bad) == 1:
                form.error("chroots", "'{}' is not a valid choice for this field.".format(bad[0]))
            else:
                form.error("chroots", "'{}' are not valid choices for this field.".format("', '".join(bad)))
    return values


def _common_fields(form):
    """CoprForm's description, instructions, homepage and contact fields."""
    form.values["description"] = form.string("description")
    form.values["instructions"] = form.string("instructions")
    homepage = _text_or_none(form.string("homepage"))
    form.values["homepage"] = homepage
    if homepage is not None and not valid_url(homepage):
        form.error("homepage", "Invalid URL.")
    contact = _text_or_none(form.string("contact"))
    form.values["contact"] = contact
    if contact is not None and not (valid_email(contact) or valid_url(contact)):
        form.error("contact", "Contact must be email address or URL")


def _middle_fields(form, copr_lookup):
    form.url_list("repos", copr_lookup)
    form.url_list("runtime_dependencies", copr_lookup)
    initial = form.url_list("initial_pkgs")
    if "initial_pkgs" not in form.errors:
        for item in initial:
            if not urlparse(item).path.endswith((".src.rpm", ".nosrc.rpm", ".spec")):
                form.error("initial_pkgs", SRPM_LIST.format(item))
                break


def _tail_fields(form):
    form.boolean("disable_createrepo")
    form.boolean("unlisted_on_hp")
    form.boolean("auto_prune")
    raw = form.string("use_bootstrap_container", strip=True)
    form.values["use_bootstrap_container"] = True if raw in (True, "true") else False if raw in (False, "false") \
        else None
    form.select("bootstrap", BOOTSTRAP_CHOICES)
    form.select("isolation", ISOLATION_CHOICES)
    form.boolean("follow_fedora_branching")
    form.boolean("multilib")
    form.boolean("build_enable_net")
    form.boolean("enable_net")
    form.boolean("module_hotfixes")
    form.boolean("fedora_review")
    form.boolean("appstream")
    raw = form.raw("packit_forge_projects_allowed")
    form.values["packit_forge_projects_allowed"] = _strip_url_schemes(_string_list(raw[0] if raw else None))
    form.integer("repo_priority", minimum=1)
    form.select("storage", ("backend", "pulp"))


def _with_add_defaults(data):
    """``set_defaults``: the add form's field defaults for keys not sent."""
    defaults = {"disable_createrepo": False, "unlisted_on_hp": False, "auto_prune": True,
                "follow_fedora_branching": True, "multilib": False, "build_enable_net": False,
                "enable_net": False, "module_hotfixes": False, "fedora_review": False, "appstream": False,
                "persistent": False, "chroots": [[]]}
    for key, value in defaults.items():
        if key not in data:
            data[key] = value if isinstance(value, list) else [value]
    return data


RENAMES = {"devel_mode": "disable_createrepo", "additional_repos": "repos"}


def project_add_form(active_chroots, copr_lookup, name_check):
    """Validates the add form. ``name_check(name)`` returns (message or None, existing project or None).

    Returns (form, existing) where existing is what the unique-name validator found (for exist_ok)."""
    form = Form(_with_add_defaults(form_data(preserve=("chroots",), renames=RENAMES)))
    _common_fields(form)
    _middle_fields(form, copr_lookup)
    _tail_fields(form)
    form.string("id", strip=True)
    form.string("group_id", strip=True)
    existing = None
    name = _name_field(form)
    if name is not None:
        message, existing = name_check(name, form.values.get("id"))
        if message:
            form.error("name", message)
        if name.isdigit():
            form.error("name", NAME_NUMBER)
    form.boolean("persistent")
    form.integer("delete_after_days", minimum=-1, maximum=720)
    _chroot_values(form, active_chroots)
    if not form.errors and form.values["persistent"] and form.values["delete_after_days"]:
        form.error("delete_after_days", "'delete after' can not be combined with persistent")
    return form, existing


def project_edit_form(active_chroots, copr_lookup):
    """Validates the edit form (CoprForm: chroots first)."""
    form = Form(form_data(preserve=("chroots",), renames=RENAMES))
    _chroot_values(form, active_chroots)
    _common_fields(form)
    form.integer("delete_after_days", minimum=-1, maximum=720)
    _middle_fields(form, copr_lookup)
    _tail_fields(form)
    return form


def check_unexpected_chroots(all_chroots):
    """``validate_chroots``: every item of the raw ``chroots`` value must be a known chroot (a string value is
    iterated character by character, §12.2)."""
    value = input_dict().get("chroots") or []
    try:
        inserted = set(value)
    except TypeError as exc:
        raise server_error() from exc
    unexpected = inserted - set(all_chroots)
    if unexpected:
        raise bad_request("Unexpected chroot: {}".format(", ".join(sorted(str(x) for x in unexpected))))


def fork_form(source_name, owner_choices):
    data = form_data(preserve=("chroots",))
    owner = data.get("ownername", [None])[0]
    data["owner"] = [owner]
    form = Form(data)
    value = "None" if owner is None else owner
    if isinstance(value, (dict, list)):
        raise server_error()
    value = str(value)
    form.values["owner"] = value
    if not value:
        form.error("owner", REQUIRED)
    elif value not in owner_choices:
        form.error("owner", NOT_A_CHOICE)
    _name_field(form, default=source_name, crash_on_containers=True)
    form.boolean("confirm")
    return form


def _name_field(form, default=None, crash_on_containers=False):
    """The stripped ``name`` with the character rule applied, or None when it is missing (a required error).

    A non-string name crashes as the real form does (500); the fork form also crashes on an empty list or object.
    """
    raw = form.raw("name")
    name = raw[0] if raw else default
    if crash_on_containers and isinstance(name, (dict, list)):
        raise server_error()
    if isinstance(name, str):
        name = name.strip()
    form.values["name"] = name
    if not name:
        form.error("name", REQUIRED)
        return None
    if not isinstance(name, str):
        raise server_error()
    if not re.match(r"^[\w.-]+$", name):
        form.error("name", NAME_CHARACTERS)
    return name


# ------------------------------------------------------------------------------------------ chroot edit form
CHROOT_RENAMES = {"additional_repos": "repos", "additional_packages": "buildroot_pkgs",
                  "additional_modules": "module_toggle"}
# ModifyChrootForm's fields in WTForms order: ChrootForm's own first, then the two that ModifyChrootForm
# redefines (buildroot_pkgs, repos) and its additions.
CHROOT_FIELD_ORDER = ("module_toggle", "with_opts", "without_opts", "bootstrap", "bootstrap_image", "isolation",
                      "buildroot_pkgs", "repos", "upload_comps", "delete_comps", "reset_fields")
BOOTSTRAP_IMAGE = re.compile(r"^[-\./\w]+(:[\w.-]+)?$")
BOOTSTRAP_IMAGE_TEXT = ("Enter valid bootstrap image id (<name>[:<tag>], e.g. fedora:33 or "
                        "registry.fedoraproject.org/fedora:rawhide).")
CUSTOM_IMAGE_MISSING = "Custom image is selected, but not specified"
_MODULE_PART = re.compile(r"^([a-zA-Z0-9-_!][^\ ]*)$")


def chroot_edit_form(copr_lookup):
    """``ModifyChrootForm`` over the request body (``get_form_compatible_data(preserve=["additional_modules"])``
    renamed to the form's names). ``values`` holds every field's processed value; ``present`` tells which keys the
    body had (only those change the chroot)."""
    form = Form(form_data(preserve=("additional_modules",), renames=CHROOT_RENAMES))
    _module_toggle_field(form)
    form.string("with_opts", strip=True)
    form.string("without_opts", strip=True)
    form.select("bootstrap", CHROOT_BOOTSTRAP_CHOICES)
    _bootstrap_image_field(form)
    form.select("isolation", CHROOT_ISOLATION_CHOICES)
    form.string("buildroot_pkgs", strip=True)
    form.url_list("repos", copr_lookup)
    form.boolean("delete_comps")
    form.string("reset_fields", strip=True)
    if form.values["bootstrap"] == "custom_image" and not form.values["bootstrap_image"]:
        form.error("bootstrap_image", CUSTOM_IMAGE_MISSING)
    form.errors = {field: form.errors[field] for field in CHROOT_FIELD_ORDER if field in form.errors}
    return form


def _module_toggle_field(form):
    """CommaSeparatedListField + StringWhiteCharactersFilter + ModuleEnableNameValidator: the values joined with
    ``", "``, re-split on commas, trimmed, empties dropped; the first bad module is reported."""
    raw = form.raw("module_toggle")
    if any(not isinstance(item, str) for item in raw):
        raise server_error()  # ", ".join() of non-strings
    modules = [module.strip() for module in ", ".join(raw).split(",")]
    value = ", ".join(module for module in modules if module)
    form.values["module_toggle"] = value
    message = _module_error(value)
    if message:
        form.error("module_toggle", message)


def _module_error(value):
    seen = set()
    for module in value.split(","):
        if module == "":
            return None
        parts = module.strip().split(":")
        if len(parts) != 2:
            return ("Module name '{0}' must consist of two parts separated with colon, e.g. module:stream"
                    .format(module))
        name, stream = parts
        if not _MODULE_PART.match(name):
            return "Module name '{0}' must contain only letters, digits, dashes, underscores.".format(name)
        if name in seen:
            return "Module name '{0}' specified multiple times".format(name)
        seen.add(name)
        if not _MODULE_PART.match(stream):
            return ("Stream part of module name '{0}' must contain only letters, digits, dashes, underscores."
                    .format(stream))
    return None


def _bootstrap_image_field(form):
    """StringField(filters=[empty -> None, strip], validators=[Optional, Regexp])."""
    raw = form.raw("bootstrap_image")
    first = raw[0] if raw else None
    if isinstance(first, (dict, list)):
        raise server_error()
    value = first if first else None
    if isinstance(value, str):
        value = value.strip()
    form.values["bootstrap_image"] = value
    if not raw or (isinstance(first, str) and not first.strip()):
        return  # Optional
    if value is not None and not isinstance(value, str):
        raise server_error()  # the regexp on a number
    if not BOOTSTRAP_IMAGE.match(value or ""):
        form.error("bootstrap_image", BOOTSTRAP_IMAGE_TEXT)
