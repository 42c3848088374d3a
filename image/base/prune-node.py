"""Removes the Node.js modules the hub never loads (run by customize.sh inside the new root).

Debian's jupyterlab package depends on the whole toolchain that builds JupyterLab from source
(TypeScript, webpack, @stdlib, vega, ...: about 800 MB under /usr/share/nodejs), but the hub only
serves JupyterLab's prebuilt files. At run time Node.js runs only configurable-http-proxy, so the
modules kept are those of the packages it depends on, directly or not. The packages stay
installed for dpkg; only their files under the Node.js module folders go.
"""
import os
import re
import subprocess

ROOTS = ["node-configurable-http-proxy", "nodejs"]
MODULE_DIRS = ["/usr/share/nodejs", "/usr/lib/nodejs"]

fields = "${Package}\t${Provides}\t${Depends}\t${Pre-Depends}\n"
rows = subprocess.run(["dpkg-query", "-W", "-f", fields], check=True, capture_output=True, text=True).stdout

def names(field):
    """Package names in a Depends-like field, alternatives included, versions and arch dropped."""
    return [re.split(r"[\s:(]", alt.strip())[0] for alt in re.split(r"[,|]", field) if alt.strip()]

installed, provided_by = {}, {}
for row in rows.splitlines():
    package, provides, depends, pre_depends = (row.split("\t") + ["", "", ""])[:4]
    installed[package] = names(depends) + names(pre_depends)
    for name in names(provides):
        provided_by.setdefault(name, []).append(package)

keep, todo = set(), list(ROOTS)
while todo:
    name = todo.pop()
    for package in [name] if name in installed else provided_by.get(name, []):
        if package not in keep:
            keep.add(package)
            todo.extend(installed[package])

kept_files = set()
for package in keep:
    listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout
    kept_files.update(listing.splitlines())

removed = 0
for top in MODULE_DIRS:
    for folder, dirs, files in os.walk(top, topdown=False):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            if path not in kept_files:
                os.unlink(path)
                removed += 1
        if folder != top and not os.listdir(folder):
            os.rmdir(folder)
print(f"prune-node: kept the modules of {len(keep)} packages, removed {removed} files")
