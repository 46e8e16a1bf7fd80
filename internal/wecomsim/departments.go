package wecomsim

import "strconv"

// subtree returns id and its descendants in directory order, or nil when
// id is unknown. id 0 means the whole tree.
func (d *Directory) subtree(id int64) []Department {
	all := d.Departments()
	if id == 0 {
		return all
	}
	in := map[int64]bool{id: true}
	var out []Department
	found := false
	for changed := true; changed; { // parents precede children, but be safe
		changed = false
		for _, x := range all {
			if !in[x.ID] && in[x.ParentID] {
				in[x.ID], changed = true, true
			}
		}
	}
	for _, x := range all {
		if x.ID == id {
			found = true
		}
		if in[x.ID] {
			out = append(out, x)
		}
	}
	if !found {
		return nil
	}
	return out
}

func deptParam(c *call, key string) (int64, error) {
	v := c.query(key)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, errf(60123, "invalid department id %q", v)
	}
	return id, nil
}

func (s *Server) deptList(c *call) (obj, error) {
	if err := s.refuseMemberRead(c); err != nil {
		return nil, err
	}
	id, err := deptParam(c, "id")
	if err != nil {
		return nil, err
	}
	ds := s.dir.subtree(id)
	if ds == nil {
		return nil, errf(60003, "department not found")
	}
	return obj{"department": ds}, nil
}

func (s *Server) deptSimpleList(c *call) (obj, error) {
	id, err := deptParam(c, "id")
	if err != nil {
		return nil, err
	}
	ds := s.dir.subtree(id)
	if ds == nil {
		return nil, errf(60003, "department not found")
	}
	type simple struct {
		ID       int64 `json:"id"`
		ParentID int64 `json:"parentid"`
		Order    int64 `json:"order"`
	}
	out := make([]simple, 0, len(ds))
	for _, x := range ds {
		out = append(out, simple{x.ID, x.ParentID, x.Order})
	}
	return obj{"department_id": out}, nil
}

func (s *Server) deptGet(c *call) (obj, error) {
	id, err := deptParam(c, "id")
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, errf(60003, "missing department id")
	}
	x, ok := s.dir.Department(id)
	if !ok {
		return nil, errf(60003, "department not found")
	}
	return obj{"department": x}, nil
}

type deptBody struct {
	ID       *int64  `json:"id"`
	Name     *string `json:"name"`
	NameEn   *string `json:"name_en"`
	ParentID *int64  `json:"parentid"`
	Order    *int64  `json:"order"`
}

func (s *Server) deptCreate(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	var b deptBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.ParentID == nil {
		return nil, errf(60004, "missing parentid")
	}
	x := Department{Name: deref(b.Name), NameEn: deref(b.NameEn), ParentID: *b.ParentID}
	if b.ID != nil {
		x.ID = *b.ID
	}
	if b.Order != nil {
		x.Order = *b.Order
	}
	id, err := s.dir.createDepartment(x, OriginAPI)
	if err != nil {
		return nil, err
	}
	return obj{"errmsg": "created", "id": id}, nil
}

func (s *Server) deptUpdate(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	var b deptBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.ID == nil {
		return nil, errf(60003, "missing department id")
	}
	p := DeptPatch{Name: b.Name, NameEn: b.NameEn, ParentID: b.ParentID, Order: b.Order}
	if err := s.dir.updateDepartment(*b.ID, p, OriginAPI); err != nil {
		return nil, err
	}
	return obj{"errmsg": "updated"}, nil
}

func (s *Server) deptDelete(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	id, err := deptParam(c, "id")
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, errf(60003, "missing department id")
	}
	if err := s.dir.deleteDepartment(id, OriginAPI); err != nil {
		return nil, err
	}
	return obj{"errmsg": "deleted"}, nil
}
