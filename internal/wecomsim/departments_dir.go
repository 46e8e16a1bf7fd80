package wecomsim

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// DeptPatch lists the fields of department/update; nil means unchanged.
type DeptPatch struct {
	Name, NameEn *string
	ParentID     *int64
	Order        *int64
}

func validDeptName(n string) bool {
	c := utf8.RuneCountInString(n)
	return c >= 1 && c <= 64 && !strings.ContainsAny(n, `\:*?"<>|`)
}

// siblingNameTakenLocked: names are unique among a parent's children.
func (d *Directory) siblingNameTakenLocked(parent int64, name string, self int64) bool {
	return slices.ContainsFunc(d.depts, func(x *Department) bool {
		return x.ParentID == parent && x.Name == name && x.ID != self
	})
}

// CreateDepartment adds a department as if made in the admin console
// (OriginSim). ID 0 picks the next free id; the created id is returned.
func (d *Directory) CreateDepartment(x Department) (int64, error) {
	return d.createDepartment(x, OriginSim)
}

func (d *Directory) createDepartment(x Department, origin string) (int64, error) {
	d.mu.Lock()
	switch {
	case !validDeptName(x.Name):
		d.mu.Unlock()
		return 0, errf(60009, "invalid department name")
	case d.deptLocked(x.ParentID) == nil:
		d.mu.Unlock()
		return 0, errf(60004, "parent department not found")
	case d.siblingNameTakenLocked(x.ParentID, x.Name, 0):
		d.mu.Unlock()
		return 0, errf(60008, "department existed")
	case x.ID != 0 && d.deptLocked(x.ID) != nil:
		d.mu.Unlock()
		return 0, errf(60008, "department id existed")
	}
	if x.ID == 0 {
		for _, o := range d.depts {
			x.ID = max(x.ID, o.ID)
		}
		x.ID++
	}
	x.Leaders = nonNil(x.Leaders)
	cp := cloneDept(x)
	d.depts = append(d.depts, &cp)
	slices.SortFunc(d.depts, func(a, b *Department) int { return int(a.ID - b.ID) })
	ch := Change{Event: "change_contact", ChangeType: "create_party", Origin: origin, Time: d.now(), DepartmentID: x.ID}
	d.mu.Unlock()
	d.emit(ch)
	return x.ID, nil
}

func (d *Directory) updateDepartment(id int64, p DeptPatch, origin string) error {
	d.mu.Lock()
	x := d.deptLocked(id)
	if x == nil {
		d.mu.Unlock()
		return errf(60003, "department not found")
	}
	nx := cloneDept(*x)
	if p.Name != nil {
		nx.Name = *p.Name
	}
	if p.NameEn != nil {
		nx.NameEn = *p.NameEn
	}
	if p.ParentID != nil {
		nx.ParentID = *p.ParentID
	}
	if p.Order != nil {
		nx.Order = *p.Order
	}
	var err error
	switch {
	case !validDeptName(nx.Name):
		err = errf(60009, "invalid department name")
	case id != 1 && d.deptLocked(nx.ParentID) == nil:
		err = errf(60004, "parent department not found")
	case d.siblingNameTakenLocked(nx.ParentID, nx.Name, id):
		err = errf(60008, "department existed")
	case p.ParentID != nil && d.isDescendantLocked(nx.ParentID, id):
		err = errf(60010, "department loop")
	}
	if err != nil {
		d.mu.Unlock()
		return err
	}
	*x = nx
	ch := Change{Event: "change_contact", ChangeType: "update_party", Origin: origin, Time: d.now(), DepartmentID: id}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

// isDescendantLocked reports whether id is root or below it.
func (d *Directory) isDescendantLocked(id, root int64) bool {
	for hops := 0; id != 0 && hops <= len(d.depts); hops++ {
		if id == root {
			return true
		}
		x := d.deptLocked(id)
		if x == nil {
			return false
		}
		id = x.ParentID
	}
	return false
}

func (d *Directory) deleteDepartment(id int64, origin string) error {
	d.mu.Lock()
	var err error
	switch {
	case d.deptLocked(id) == nil:
		err = errf(60003, "department not found")
	case id == 1:
		err = errf(60007, "not allow to delete root department")
	case slices.ContainsFunc(d.depts, func(x *Department) bool { return x.ParentID == id }):
		err = errf(60006, "department contains sub-department")
	case slices.ContainsFunc(d.users, func(u *User) bool { return slices.Contains(u.Department, id) }):
		err = errf(60005, "department contains user")
	}
	if err != nil {
		d.mu.Unlock()
		return err
	}
	d.depts = slices.DeleteFunc(d.depts, func(x *Department) bool { return x.ID == id })
	ch := Change{Event: "change_contact", ChangeType: "delete_party", Origin: origin, Time: d.now(), DepartmentID: id}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

// UpdateDepartment changes a department as if edited in the admin console.
func (d *Directory) UpdateDepartment(id int64, p DeptPatch) error {
	return d.updateDepartment(id, p, OriginSim)
}

// DeleteDepartment removes an empty department as if in the admin console.
func (d *Directory) DeleteDepartment(id int64) error { return d.deleteDepartment(id, OriginSim) }
