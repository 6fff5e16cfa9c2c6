package classroom_test

import (
	"fmt"

	"github.com/backprop-playground/playground/app/classroom"
)

func Example() {
	// A teacher starts from a shipped scenario and hides the learning rate.
	s, _ := classroom.Ready("bad-init")
	s.Hide = append(s.Hide, "lr")
	link := "/classroom?" + s.Encode()

	// A student's page reads the link back.
	got, err := classroom.Parse(link[len("/classroom?"):])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Title)
	fmt.Println(got.Config.Init, got.Config.Std, "vs", got.Compare.Init)
	fmt.Println("lr hidden:", got.Hidden("lr"))

	// A bad value names its field.
	_, err = classroom.Parse("scenario=bad-init&vs=lr%3Dfast")
	fmt.Println(err)
	// Output:
	// Why deep nets collapse with a bad init
	// std 0.0001 vs he
	// lr hidden: true
	// invalid vs.lr "fast": want a finite number
}
