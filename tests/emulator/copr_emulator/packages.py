# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packages: the ``Package`` row, its API object and the per-source-type package forms (copr-api-v3.md §16).

The forms follow the frontend's WTForms classes (``BasePackageForm`` and its five children) as WTForms 3 runs
them: a field's raw values come from the request body (``{key: [values]}``), filters run on the processed value
(``StringField``s are also stripped, ``TextAreaField``s and select fields are not), then ``pre_validate`` and
the validator chain; ``Optional`` and ``DataRequired`` stop the chain and drop earlier errors. Errors are kept
per field in the form's field order, under the internal field names (``srpm_build_method``, ``chroot``).

Nothing here ever builds: a package has no builds, so ``builds`` is always ``{"latest": null,
"latest_succeeded": null}``.
"""

import copy
import fnmatch
import json
import os
import re

from .api import server_error
from .forms import _check_repo_url, valid_url  # pylint: disable=protected-access  # the shared URL checks

SOURCE_TYPES = ("scm", "pypi", "rubygems", "custom", "distgit")
# BuildSourceEnum: the stored integer (orders ``source_type`` in package lists).
SOURCE_TYPE_IDS = {"unset": 0, "link": 1, "upload": 2, "pypi": 5, "rubygems": 6, "scm": 8, "custom": 9,
                   "distgit": 10}

PACKAGE_NAME_REGEX = r"^[-+_.a-zA-Z0-9]+$"
CHROOT_DENYLIST_REGEX = r"^[a-z0-9-_*.+]+$"
DEFAULT_BUILD_TIMEOUT = 18000
MAX_BUILD_TIMEOUT = 108000
NAME_LENGTH = 100                             # Package.name is String(100)

# The one DistGit instance of the recorded frontend: (name, clone_url, clone_package_uri, default_namespace).
DISTGIT_INSTANCES = (("fedora", "https://src.fedoraproject.org", "{namespace}/rpms/{pkgname}", ""),)

REQUIRED = "This field is required."
NOT_A_CHOICE = "Not a valid choice."
NOT_AN_INTEGER = "Not a valid integer value."
INVALID_URL = "Invalid URL."
URL_LIST = ("A list of http[s] URLs separated by whitespace characters is needed ('{0}' doesn't seem to be a "
            "valid URL).")


class Package:
    """One ``Package`` row. ``source`` is the stored ``source_json`` (stored key names, e.g. ``type`` and
    ``srpm_build_method`` for scm); ``max_builds``, ``timeout`` and ``chroot_denylist`` are write-only."""

    def __init__(self, pid, name, project):
        self.id = pid
        self.name = name
        self.project = project
        self.source_type = "unset"
        self.source = {}
        self.webhook_rebuild = False
        self.max_builds = None
        self.timeout = None
        self.chroot_denylist = None
        self.deleted = False

    def to_dict(self):
        """``package_model``: id, name, ownername, projectname, source_type, source_dict, auto_rebuild, builds."""
        source = copy.deepcopy(self.source)
        if "srpm_build_method" in source:
            source["source_build_method"] = source.pop("srpm_build_method")
        return {
            "id": self.id, "name": self.name, "ownername": self.project.ownername,
            "projectname": self.project.name, "source_type": self.source_type, "source_dict": source,
            "auto_rebuild": bool(self.webhook_rebuild), "builds": {"latest": None, "latest_succeeded": None},
        }


# ------------------------------------------------------------------------------------------ storage
def packages_of(project):
    """The project's package rows in creation order (deleted ones included, so ids are never reused)."""
    return project.extra.setdefault("packages", [])


def live_packages(project):
    return [p for p in packages_of(project) if not p.deleted]


def find_package(project, name):
    for package in live_packages(project):
        if package.name == name:
            return package
    return None


def create_package(state, project, name):
    """A new unset package with the next id (ids are global and, like a database sequence, never reused)."""
    used = [p.id for other in state.projects for p in packages_of(other)]
    package = Package(max(used, default=0) + 1, name, project)
    packages_of(project).append(package)
    return package


# ------------------------------------------------------------------------------------------ list ordering
# Columns of Copr's ``package`` table (orderable); anything else the model has is a property (500 "Cannot order
# by X"); other names are not attributes at all (500 "Cannot order by X, package doesn't have such property").
COLUMNS = {
    "id": lambda p: p.id, "name": lambda p: p.name, "source_type": lambda p: SOURCE_TYPE_IDS[p.source_type],
    "source_json": lambda p: json.dumps(p.source), "webhook_rebuild": lambda p: bool(p.webhook_rebuild),
    "enable_net": lambda p: False, "max_builds": lambda p: p.max_builds, "timeout": lambda p: p.timeout,
    "copr_id": lambda p: p.project.id, "chroot_denylist_raw": lambda p: p.chroot_denylist,
    # relationships: ordered by id here (see the README's deviations)
    "copr": lambda p: p.id, "builds": lambda p: p.id,
}
PROPERTIES = {"dist_git_repo", "source_json_dict", "source_type_text", "has_source_type_set", "dist_git_url",
              "dist_git_clone_url", "last_build", "to_dict", "get_search_related_copr_id", "chroot_denylist",
              "matched_chroot", "main_pkg", "chroots", "query", "metadata", "query_class", "registry",
              "serializable_attributes"}


def sort_key(order):
    """Key of the ``order`` column, NULLs after the values (PostgreSQL's ASC), ties by id."""
    column = COLUMNS[order]

    def key(package):
        value = column(package)
        return (value is None, value if value is not None else 0, package.id)
    return key


# ------------------------------------------------------------------------------------------ form engine
class _Stop(Exception):
    """StopValidation (message may be None)."""


class _Invalid(Exception):
    """ValidationError."""


def crash():
    return server_error()


class Field:
    """One bound field: ``raw`` (the formdata values, [] when absent), ``data``, ``errors``."""

    def __init__(self, name, raw, data):
        self.name = name
        self.raw = raw
        self.data = data
        self.errors = []
        self.process_errors = []


class PackageForm:
    """Processes and validates a formdata dict ``{key: [values]}`` field by field, in form order."""

    def __init__(self, formdata, active_chroots, copr_lookup):
        self.formdata = formdata
        self.active_chroots = list(active_chroots)
        self.copr_lookup = copr_lookup
        self.fields = {}

    # -- processing (Field.process: default, formdata values, filters)
    def _bind(self, name, default=None, coerce=None, filters=(), strip=False):
        raw = list(self.formdata.get(name, []))
        field = Field(name, raw, default)
        if raw:
            field.data = raw[0] if coerce is None else coerce(raw[0], field)
        for flt in filters:
            field.data = flt(field.data)
        if strip and field.data is not None and isinstance(field.data, str):
            field.data = field.data.strip()
        self.fields[name] = field
        return field

    def string(self, name, chain=(), filters=(), default=None):
        """StringField (BaseForm adds the strip filter)."""
        return self._validate(self._bind(name, default, filters=filters, strip=True), chain)

    def textarea(self, name, chain=(), filters=()):
        """TextAreaField: not stripped."""
        return self._validate(self._bind(name, None, filters=filters), chain)

    def boolean(self, name):
        """BooleanField(false_values={False, "false", ""}); 0 counts as false (0 == False in a set)."""
        raw = list(self.formdata.get(name, []))
        value = False
        if raw:
            first = raw[0]
            try:
                value = first not in {False, "false", ""}
            except TypeError as exc:  # unhashable (a JSON object)
                raise crash() from exc
        field = Field(name, raw, value)
        self.fields[name] = field
        return self._validate(field, ())

    def integer(self, name, minimum, maximum, default=None):
        """IntegerField + Optional + NumberRange."""
        def coerce(value, field):
            try:
                return int(value)
            except ValueError:
                field.process_errors.append(NOT_AN_INTEGER)
                return None
            except (TypeError, OverflowError) as exc:
                raise crash() from exc
        return self._validate(self._bind(name, default, coerce=coerce),
                              (optional, number_range(minimum, maximum)))

    def select(self, name, choices, default=None, chain=(), filters=()):
        """SelectField(coerce=str): pre_validate "Not a valid choice." and the chain still runs."""
        field = self._bind(name, default, coerce=lambda value, _field: str(value), filters=filters)

        def pre_validate(fld):
            if fld.data not in choices:
                raise _Invalid(NOT_A_CHOICE)
        return self._validate(field, chain, pre_validate)

    def select_multiple(self, name, choices):
        """SelectMultipleField: data is the list of sent values (``[]`` when none: the default never applies)."""
        raw = list(self.formdata.get(name, []))
        field = Field(name, raw, [str(value) for value in raw])
        self.fields[name] = field

        def pre_validate(fld):
            bad = []
            for value in fld.data:
                if value not in choices and value not in bad:
                    bad.append(value)
            if len(bad) == 1:
                raise _Invalid("'{}' is not a valid choice for this field.".format(bad[0]))
            if bad:
                raise _Invalid("'{}' are not valid choices for this field.".format("', '".join(bad)))
        return self._validate(field, (), pre_validate)

    @staticmethod
    def _validate(field, chain, pre_validate=None):
        field.errors = list(field.process_errors)
        if pre_validate is not None:
            try:
                pre_validate(field)
            except _Invalid as exc:
                field.errors.append(exc.args[0])
        for validator in chain:
            try:
                validator(field)
            except _Stop as exc:
                if exc.args and exc.args[0]:
                    field.errors.append(exc.args[0])
                break
            except _Invalid as exc:
                field.errors.append(exc.args[0])
        return field

    # -- results
    def value(self, name):
        return self.fields[name].data

    @property
    def errors(self):
        return {name: field.errors for name, field in self.fields.items() if field.errors}


# ------------------------------------------------------------------------------------------ validators
def optional(field):
    if not field.raw or (isinstance(field.raw[0], str) and not field.raw[0].strip()):
        field.errors[:] = []
        raise _Stop()


def data_required(field):
    data = field.data
    if data and (not isinstance(data, str) or data.strip()):
        return
    field.errors[:] = []
    raise _Stop(REQUIRED)


def _match(pattern, data):
    value = data or ""
    if not isinstance(value, str):
        raise crash()
    return re.match(pattern, value)


def regexp(pattern, message):
    def check(field):
        if not _match(pattern, field.data):
            raise _Invalid(message)
    return check


def url(field):
    """wtforms URL(): the scheme://host[:port][/path][?query] regexp, then the host name check."""
    value = field.data or ""
    if not isinstance(value, str):
        raise crash()
    if not valid_url(value):
        raise _Invalid(INVALID_URL)


def length(maximum, message=None):
    def check(field):
        try:
            size = len(field.data) if field.data else 0
        except TypeError as exc:
            raise crash() from exc
        if size > maximum:
            raise _Invalid(message or "Field cannot be longer than {} characters.".format(maximum))
    return check


def number_range(minimum, maximum):
    def check(field):
        data = field.data
        if data is None or data < minimum or data > maximum:
            raise _Invalid("Number must be between {} and {}.".format(minimum, maximum))
    return check


# ------------------------------------------------------------------------------------------ filters
def _text_filter(function):
    """A filter that calls a string method on a truthy value: anything else but a string crashes."""
    def run(value):
        if not value:
            return value
        if not isinstance(value, str):
            raise crash()
        return function(value)
    return run


cleanup_chroot_denylist = _text_filter(lambda text: ", ".join(item.strip() for item in text.split(",")))


def _cleanup_script(text):
    if text.split("\n")[0].endswith("\r"):
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text


cleanup_script = _text_filter(_cleanup_script)


def string_list_filter(value):
    """StringListFilter: every whitespace run becomes one newline; nothing -> ''."""
    if not value:
        return ""
    if not isinstance(value, str):
        raise crash()
    return re.sub(r"\s+", "\n", value.strip())


def normpath_or_none(value):
    if not value:
        return None
    if not isinstance(value, str):
        raise crash()
    return os.path.normpath(value)


def none_filter(default):
    return lambda value: default if value in (None, "None") else value


# ------------------------------------------------------------------------------------------ the forms
def _base_fields(form):
    form.string("package_name", (length(NAME_LENGTH),
                                 regexp(PACKAGE_NAME_REGEX, "Please enter a valid package name in "
                                        + PACKAGE_NAME_REGEX)))
    form.boolean("webhook_rebuild")

    def denylist(field):
        if not field.data:
            return
        active = set(form.active_chroots)
        for item in (part.strip() for part in field.data.split(",")):
            if not re.match(CHROOT_DENYLIST_REGEX, item):
                raise _Invalid('Pattern "{0}" does not match "{1}"'.format(item, CHROOT_DENYLIST_REGEX))
            if not any(fnmatch.fnmatch(chroot, item) for chroot in active):
                raise _Invalid('no chroot matched by pattern "{0}"'.format(item))
            # the code's "patterns are deny-listing all chroots" compares a set with a list: never true (§18.11)
    form.string("chroot_denylist", (optional, denylist), filters=(cleanup_chroot_denylist,))
    form.integer("max_builds", 0, 100)
    form.integer("timeout", 0, MAX_BUILD_TIMEOUT, default=DEFAULT_BUILD_TIMEOUT)


def _scm(form):
    form.select("scm_type", ("git", "svn"), default="git")
    form.string("clone_url", (data_required, url))
    form.string("committish", (optional,))
    form.string("subdirectory", (optional,))
    form.string("spec", (optional, regexp(r"^.+\.spec$", "RPM spec file must end with .spec")))
    form.select("srpm_build_method", ("rpkg", "tito", "tito_test", "make_srpm"), default="rpkg")

    def source():
        return {"type": form.value("scm_type"), "clone_url": form.value("clone_url"),
                "subdirectory": form.value("subdirectory"), "committish": form.value("committish"),
                "spec": form.value("spec"), "srpm_build_method": form.value("srpm_build_method")}
    return source


def _pypi(form):
    form.string("pypi_package_name", (data_required, length(NAME_LENGTH - len("python-"))))
    form.string("pypi_package_version", (optional,))
    form.select("spec_generator", ("pyp2rpm", "pyp2spec"), default="pyp2spec")
    form.select("spec_template", ("", "fedora", "epel7", "mageia", "pld"), default="")
    form.select_multiple("python_versions", ("3", "2"))

    def source():
        return {"pypi_package_name": form.value("pypi_package_name"),
                "pypi_package_version": form.value("pypi_package_version"),
                "spec_generator": form.value("spec_generator"), "spec_template": form.value("spec_template"),
                "python_versions": form.value("python_versions")}
    return source


def _rubygems(form):
    form.string("gem_name", (data_required, length(NAME_LENGTH - len("rubygem-"))))
    return lambda: {"gem_name": form.value("gem_name")}


def _custom_chroot_choices(active):
    arches = []
    for name in active:
        parts = name.rsplit("-", 2)
        if len(parts) == 3 and parts[0] == "fedora" and parts[2] not in arches:
            arches.append(parts[2])
    return ["fedora-latest-" + arch for arch in arches] + sorted(active)


def _custom(form):
    form.textarea("script", (data_required, length(4096, "Maximum script size is 4kB")), filters=(cleanup_script,))
    form.string("builddeps", (optional,))

    def repo_list(field):
        for item in field.data.split():
            message = _check_repo_url(item, form.copr_lookup)
            if message:
                raise _Invalid(message)
    form.textarea("repos", (repo_list,), filters=(string_list_filter,))
    form.select("chroot", _custom_chroot_choices(form.active_chroots), default="fedora-latest-x86_64")
    form.string("resultdir", (optional,))

    def source():
        return {"script": form.value("script"), "chroot": form.value("chroot"),
                "builddeps": form.value("builddeps"), "resultdir": form.value("resultdir"),
                "repos": form.value("repos")}
    return source


def _distgit(form):
    names = [instance[0] for instance in DISTGIT_INSTANCES]

    def distgit_id(field):
        if field.data not in names:
            raise _Invalid("DistGit ID must be one of: {}".format(", ".join(names)))
    form.select("distgit", names, chain=(distgit_id,), filters=(none_filter(names[0]),))
    form.string("committish", (optional,))
    form.string("namespace", (optional,), filters=(normpath_or_none,))

    def source():
        data = {"clone_url": distgit_clone_url(form.value("distgit"), form.value("package_name"),
                                               form.value("namespace"))}
        for key in ("distgit", "namespace", "committish"):
            if form.value(key):
                data[key] = form.value(key)
        return data
    return source


FORMS = {"scm": _scm, "pypi": _pypi, "rubygems": _rubygems, "custom": _custom, "distgit": _distgit}


def distgit_clone_url(distgit, package_name, namespace):
    """``DistGitInstance.package_clone_url``: ``<clone_url>/<clone_package_uri expanded and normalised>``."""
    for name, base, uri, default_namespace in DISTGIT_INSTANCES:
        if name == distgit:
            params = {"pkgname": package_name}
            namespace = namespace or default_namespace
            if namespace is not None:
                params["namespace"] = namespace
            return "/".join([base, os.path.normpath(uri.format(**params)).strip("/")])
    raise crash()


def validate(source_type, formdata, active_chroots, copr_lookup):
    """Runs the source type's form over ``formdata``; returns (form, source builder). ``source_type`` must be
    one of SOURCE_TYPES."""
    form = PackageForm(formdata, active_chroots, copr_lookup)
    _base_fields(form)
    return form, FORMS[source_type](form)


def base_form(formdata):
    """``BasePackageForm()`` as reset and delete build it (no validation: only the processing can crash)."""
    form = PackageForm(formdata, (), None)
    form.string("package_name")
    form.boolean("webhook_rebuild")
    form.string("chroot_denylist", filters=(cleanup_chroot_denylist,))
    form.integer("max_builds", 0, 100)
    form.integer("timeout", 0, MAX_BUILD_TIMEOUT, default=DEFAULT_BUILD_TIMEOUT)
    return form


def merge_stored(formdata, package):
    """Edit: every stored ``source_json`` key the body did not send is added back with its stored value (a
    stored null too). Stored names that are no form field (scm ``type``, distgit ``clone_url``) do nothing."""
    merged = {key: list(values) for key, values in formdata.items()}
    for key, value in package.source.items():
        if key in formdata:
            continue
        merged[key] = list(value) if isinstance(value, list) else [value]
    return merged
