# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Read, compare, write only the difference: the shape of every fedora.copr module that changes Copr (internal).

No Ansible imports: a ``Resource`` gets its module (a ``CoprModule``) from outside.

A subclass describes one Copr object (a project, a project's chroot, its permissions, a package)::

    result_key                  # the key of the module's result holding the object: "project", "package", ...
    read()                      # the object as Copr reports it, or None when it does not exist
    wanted(current)             # {key: value}: what the task asks for, in read()'s shape; keys left out are
                                # not managed (current is None when the object is missing)
    create()                    # write a missing object; returns it
    update(current, changes)    # write ``changes`` (only the keys that differ); returns the object after it
    delete(current)             # remove it (only for modules with state=absent)

and may override ``changes(current)`` (default: the keys of ``wanted`` whose value differs from ``current``),
``predict_create()`` / ``predict_update(current, changes)`` (what check mode reports instead of writing; default:
``wanted(None)`` / ``current`` updated with ``changes``) and ``view(obj)`` (how an object is shown in the result
and the diff; default ``obj or {}``).

``present()`` and ``absent()`` read once, compare, write at most what differs (nothing in check mode), and
record ``changed``, ``before`` and ``after``; ``result()`` is the module's result, with a diff that holds only
the keys that change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

_UNREAD = object()


def changed_keys(current, wanted):
    """{key: value} of ``wanted`` whose value is not the one ``current`` has (a key ``current`` lacks differs)."""
    current = current or {}
    return dict((key, value) for key, value in wanted.items() if key not in current or current[key] != value)


def diff(before, after):
    """``{"before", "after"}`` holding only the keys that differ. A missing object is ``{}``: on create the
    whole new object is ``after``, on delete the whole old one is ``before``."""
    before = before or {}
    after = after or {}
    if not before or not after:
        return {"before": copy.deepcopy(before), "after": copy.deepcopy(after)}
    old = {}
    new = {}
    for key in list(before) + [k for k in after if k not in before]:
        if before.get(key) != after.get(key):
            if key in before:
                old[key] = copy.deepcopy(before[key])
            if key in after:
                new[key] = copy.deepcopy(after[key])
    return {"before": old, "after": new}


class Resource:
    """One Copr object a module manages; see the module docstring for what a subclass fills in."""

    result_key = None

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.changed = False
        self.before = {}
        self.after = {}

    @property
    def client(self):
        return self.module.client

    # -- what a subclass describes -------------------------------------------------------------------------
    def read(self):
        raise NotImplementedError

    def wanted(self, current):
        raise NotImplementedError

    def create(self):
        raise NotImplementedError

    def update(self, current, changes):
        raise NotImplementedError

    def delete(self, current):
        raise NotImplementedError

    def changes(self, current):
        return changed_keys(current, self.wanted(current))

    def predict_create(self):
        return self.wanted(None)

    def predict_update(self, current, changes):
        predicted = copy.deepcopy(current)
        predicted.update(copy.deepcopy(changes))
        return predicted

    def view(self, obj):
        return obj or {}

    # -- the algorithm ---------------------------------------------------------------------------------------
    def present(self, current=_UNREAD):
        """Create the object when missing, else write what differs; returns the object after the task."""
        if current is _UNREAD:
            current = self.read()
        self.before = self.view(current)
        if current is None:
            self.changed = True
            return self.reached(self.predict_create() if self.check_mode else self.create())
        return self.reached(self.apply(current))

    def apply(self, current):
        """Write the changes ``current`` needs (predicted in check mode); returns the object after them."""
        changes = self.changes(current)
        if not changes:
            return current
        self.changed = True
        if self.check_mode:
            return self.predict_update(current, changes)
        return self.update(current, changes)

    def absent(self, current=_UNREAD):
        """Delete the object when it exists; returns None."""
        if current is _UNREAD:
            current = self.read()
        self.before = self.view(current)
        self.after = {}
        if current is not None:
            self.changed = True
            if not self.check_mode:
                self.delete(current)
        return None

    def reached(self, obj):
        """Record ``obj`` as the object after the task and return it."""
        self.after = self.view(obj)
        return obj

    def result(self, value=None, **extra):
        """The module's result: ``changed``, the object (``value``, default the one after the task), the diff."""
        result = {"changed": self.changed, self.result_key: self.after if value is None else value}
        if self.module.diff_mode:
            result["diff"] = diff(self.before, self.after)
        result.update(extra)
        return result

    def ensure(self, state="present"):
        """``present()`` or ``absent()``, then ``result()``: the whole body of a simple module's run."""
        if state == "absent":
            self.absent()
        else:
            self.present()
        return self.result()
