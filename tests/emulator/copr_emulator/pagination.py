# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``items`` + ``meta`` pagination of list and search (copr-api-v3.md §6, §12.10)."""

from flask import request

from .api import DB_ERROR, ApiError

# Real columns of Copr's ``copr`` table (orderable) and properties of the model (500 "Cannot order by X").
COLUMNS = {
    "id": lambda p: p.id, "name": lambda p: p.name, "created_on": lambda p: p.created_on,
    "description": lambda p: p.settings["description"] or "",
    "instructions": lambda p: p.settings["instructions"] or "",
    "homepage": lambda p: p.settings["homepage"] or "", "contact": lambda p: p.settings["contact"] or "",
    "repos": lambda p: " ".join(p.settings["repos"]), "persistent": lambda p: p.settings["persistent"],
    "auto_prune": lambda p: p.settings["auto_prune"], "unlisted_on_hp": lambda p: p.settings["unlisted_on_hp"],
    "build_enable_net": lambda p: p.settings["enable_net"], "bootstrap": lambda p: p.settings["bootstrap"] or "",
    "isolation": lambda p: p.settings["isolation"] or "", "module_hotfixes": lambda p: p.settings["module_hotfixes"],
    "appstream": lambda p: p.settings["appstream"], "repo_priority": lambda p: p.settings["repo_priority"] or 0,
    "follow_fedora_branching": lambda p: p.settings["follow_fedora_branching"],
    "multilib": lambda p: p.settings["multilib"], "fedora_review": lambda p: p.settings["fedora_review"],
    "storage": lambda p: p.settings["storage"], "deleted": lambda p: p.deleted,
    "user_id": lambda p: p.id, "group_id": lambda p: p.id, "forked_from_id": lambda p: p.id,
    "auto_createrepo": lambda p: not p.settings["devel_mode"], "delete_after": lambda p: p.id,
    "playground": lambda p: False, "webhook_secret": lambda p: p.id, "scm_repo_url": lambda p: p.id,
    "scm_api_type": lambda p: p.id, "scm_api_auth_json": lambda p: p.id, "runtime_dependencies": lambda p: p.id,
    "packit_forge_projects_allowed": lambda p: p.id, "latest_indexed_data_update": lambda p: p.id,
}
PROPERTIES = {"full_name", "owner_name", "ownername", "repo_url", "enable_net", "devel_mode", "repos_list",
              "active_chroots", "main_dir", "group", "user", "is_a_group_project", "chroot_repos",
              "additional_repos", "repo_name", "repo_id", "modules_url", "still_forking", "dirs"}


def parse():
    """PaginationForm: returns dict(limit, offset, order, order_type) or raises the 500 of a bad value."""
    args = request.args
    errors = {}
    values = {}
    for key in ("limit", "offset"):
        raw = args.get(key)
        if raw is None or not raw.strip():
            values[key] = None
            continue
        try:
            values[key] = int(raw)
        except ValueError:
            values[key] = None
            errors[key] = ["Not a valid integer value."]
    values["order"] = args.get("order")
    order_type = args.get("order_type", "ASC")
    if order_type.strip() and order_type not in ("ASC", "DESC"):
        errors["order_type"] = ["Not a valid choice."]
    values["order_type"] = order_type
    if errors:
        raise ApiError(500, repr(errors))
    return values


def paginate(projects, limit=None, offset=None, order=None, order_type=None, newest_first=False,
             columns=None, properties=None, table="copr"):
    """Orders, offsets and limits a list of rows; returns (items, meta). ``newest_first`` (search): sorted
    by creation time (whole seconds) first, ``order`` only breaks ties. ``columns`` (name -> sort key),
    ``properties`` (names that are model properties, not columns) and ``table`` (named in the "Cannot order by"
    text) default to the ``copr`` table's; other families pass their own."""
    columns = COLUMNS if columns is None else columns
    properties = PROPERTIES if properties is None else properties
    limit = limit or None
    offset = offset or 0
    order = order or "id"
    if not order_type:
        order_type = {"id": "DESC", "name": "ASC"}.get(order)
    if order not in columns:
        if order in properties:
            raise ApiError(500, "Cannot order by {}".format(order))
        raise ApiError(500, "Cannot order by {}, {} doesn't have such property".format(order, table))
    if (limit is not None and limit < 0) or offset < 0:
        raise ApiError(500, DB_ERROR)
    ordered = list(projects)
    if order_type in ("ASC", "DESC"):
        ordered.sort(key=columns[order], reverse=order_type == "DESC")
    if newest_first:
        ordered.sort(key=lambda p: p.created_on, reverse=True)
    end = None if limit is None else offset + limit
    meta = {"limit": limit, "offset": offset, "order": order, "order_type": order_type}
    return ordered[offset:end], meta
